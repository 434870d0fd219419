package io.flowpulse.streams.topology;

import static io.flowpulse.streams.logic.TestFlows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Flow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The processors run in process give what the Kafka Streams topology gives, whatever the task counts. */
class InProcessTopologyTest {

    /** Drops, DNS answers with NXDOMAIN and latency over six windows, from two observing nodes. */
    static List<Flow> scenario() {
        List<Flow> flows = new ArrayList<>();
        for (int window = 0; window < 6; window++) {
            Instant start = T0.plusSeconds(60L * window);
            for (int i = 0; i < 25; i++) {
                Instant t = start.plusSeconds(1 + i * 2L);
                flows.add(LinkWindowsTest.webToDb(t, i < window ? "DROPPED" : "FORWARDED"));
                flows.add(LinkWindowsTest.worldToDb(t.plusMillis(300)));
                String name = "name-" + (i % 7) + ".shop.svc.cluster.local";
                flows.add(DnsAndLatencyWindowsTest.request(t.plusMillis(500), name));
                flows.add(DnsAndLatencyWindowsTest.response(t.plusMillis(520), name, window % 2 == 0 ? 3 : 0,
                        1_000_000L + 37_000L * i));
            }
        }
        return flows;
    }

    @Test
    void givesTheRecordsTheTopologyGivesWithOneOrSeveralTasks() {
        List<Flow> flows = scenario();
        List<String> expected = new ArrayList<>();
        TopologySettings oneTask = TopologySettings.builder().topologyNodes(LinkWindowsTest.NODES).build();
        try (TopologyHarness harness = new TopologyHarness(oneTask)) {
            flows.forEach(flow -> harness.send(flow, flow.getTime(), flow.getNode()));
            harness.endOfStream(T0.plusSeconds(400));
            Stream.of(harness.links, harness.dns, harness.latency, harness.alerts)
                    .flatMap(topic -> topic.readKeyValuesToList().stream())
                    .forEach(kv -> expected.add(kv.key + " " + kv.value));
        }
        assertThat(expected).hasSizeGreaterThan(30).anyMatch(line -> line.contains("FIRING"));

        for (int partitions : new int[] {1, 3}) {
            TopologySettings settings = TopologySettings.builder().topologyNodes(LinkWindowsTest.NODES)
                    .flowsPartitions(partitions).partialsPartitions(partitions + 1).build();
            PipelineMetrics metrics = PipelineMetrics.standalone();
            List<String> actual = new ArrayList<>();
            InProcessTopology topology = new InProcessTopology(settings, metrics,
                    (key, value) -> actual.add(key + " " + value));
            for (Flow flow : flows) {
                topology.process(flow.getNode(), flow, flow.getTime().toEpochMilli());
            }
            topology.endOfStream(T0.plusSeconds(400).toEpochMilli());

            assertThat(actual).as("%d flows partitions", partitions).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(metrics.inputRecords().count()).isEqualTo(flows.size());
            assertThat(metrics.lateRecords().count()).isZero();
            assertThat(metrics.endMarkers().count()).isEqualTo(partitions);
        }
    }

    @Test
    void foldsKeysBeyondTheLimitAsTheTopologyDoes() {
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            flows.add(KeyFloodTest.flow(i));
        }
        TopologySettings settings = TopologySettings.builder().topologyNodes(LinkWindowsTest.NODES)
                .maxKeysPerWindow(40).flowsPartitions(3).build();
        List<String> expected = new ArrayList<>();
        try (TopologyHarness harness = new TopologyHarness(TopologySettings.builder()
                .topologyNodes(LinkWindowsTest.NODES).maxKeysPerWindow(40).build())) {
            flows.forEach(flow -> harness.send(flow, flow.getTime(), flow.getNode()));
            harness.endOfStream(T0.plusSeconds(400));
            Stream.of(harness.links, harness.dns, harness.latency, harness.alerts)
                    .flatMap(topic -> topic.readKeyValuesToList().stream())
                    .forEach(kv -> expected.add(kv.key + " " + kv.value));
        }
        assertThat(expected).anyMatch(line -> line.startsWith("workload|(overflow)|(overflow) "))
                .anyMatch(line -> line.startsWith("(overflow) "));

        PipelineMetrics metrics = PipelineMetrics.standalone();
        List<String> actual = new ArrayList<>();
        InProcessTopology topology = new InProcessTopology(settings, metrics, (key, value) -> actual.add(key + " " + value));
        flows.forEach(flow -> topology.process(flow.getNode(), flow, flow.getTime().toEpochMilli()));
        topology.endOfStream(T0.plusSeconds(400).toEpochMilli());

        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(metrics.overflowContributions("link").count()).isEqualTo(100 - 38);
        assertThat(metrics.overflowContributions("dns").count()).isEqualTo(100 - 40);
    }

    @Test
    void anIdlePartitionDoesNotHoldWindowsOpenOnceItsTimeoutPassed() throws InterruptedException {
        TopologySettings settings = TopologySettings.builder().topologyNodes(LinkWindowsTest.NODES)
                .flowsPartitions(4).idleTimeout(java.time.Duration.ofMillis(100))
                .watermarkInterval(java.time.Duration.ofMillis(1)).build();
        List<SpecificRecord> out = new ArrayList<>();
        InProcessTopology topology = new InProcessTopology(settings, PipelineMetrics.standalone(),
                (key, value) -> out.add(value));
        List<Flow> flows = scenario();
        for (Flow flow : flows.subList(0, flows.size() - 1)) {
            topology.process(flow.getNode(), flow, flow.getTime().toEpochMilli());
        }
        assertThat(out).as("nothing closes while partitions that never had a record have not said they are idle")
                .isEmpty();

        Thread.sleep(150);
        Flow last = flows.get(flows.size() - 1);
        topology.process(last.getNode(), last, last.getTime().toEpochMilli());
        topology.punctuate(System.currentTimeMillis());

        assertThat(out).as("windows closed up to the watermark of the one partition still busy").isNotEmpty();
    }
}
