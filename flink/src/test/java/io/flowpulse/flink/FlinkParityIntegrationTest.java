package io.flowpulse.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.flink.replay.FlinkReplay;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.flink.testing.StreamsProcess;
import io.flowpulse.flink.testing.StreamsReplayMain;
import io.flowpulse.replay.ReplayResult;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.replay.ReplayTopics;
import io.flowpulse.replay.report.ReportJsonWriter;
import io.flowpulse.simulator.capture.CaptureWriter;
import io.flowpulse.simulator.capture.ClusterTopology;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.FaultSpec;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.testing.LocalStackExtension;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same captures through the Kafka Streams replay and through the Flink replay give the same report,
 * byte for byte: every link, DNS and latency window, every alert, and the input counts including the
 * late records.
 */
@ExtendWith(LocalStackExtension.class)
class FlinkParityIntegrationTest {

    static final List<String> RECORDED = List.of("basic-sample-10-flows.json", "basic-sample-5-dns-flows.json",
            "basic-sample-5-http-flows.json", "basic-sample-330-dns-flows.json", "basic-sample-348-http-flows.json",
            "basic-sample-400-tcp-flows.json", "basic-sample-400-udp-flows.json",
            "basic-sample-400-icmpv4-flows.json", "basic-sample-400-l7-redirected-flows.json");

    /** A fault of every kind, one after the other over eleven minutes of the simulated cluster. */
    static final List<FaultSpec> FAULT_STORY = List.of(
            FaultSpec.parse("relayed-path=edge-e,rttMs=180,jitterMs=75,distribution=uniform"),
            FaultSpec.parse("packet-drop=shop/cart->data/redis,start=1,end=3,fraction=0.3,reason=CT_MAP_INSERTION_FAILED"),
            FaultSpec.parse("policy-drop=shop/web->data/postgres,start=2,end=4"),
            FaultSpec.parse("nxdomain=shop/web,start=3,end=5"),
            FaultSpec.parse("dns-storm=shop/catalog,start=4,end=6,factor=10"),
            FaultSpec.parse("dga=shop/checkout,start=5,end=7"),
            FaultSpec.parse("slow-dns=shop/cart,start=6,end=8"),
            FaultSpec.parse("servfail=shop/catalog,start=7,end=9"),
            FaultSpec.parse("degraded-path=cloud-d->lab-c,start=8,end=10,rttMs=120,jitterMs=40"),
            FaultSpec.parse("lost-events=lab-c-2,start=9,end=10"));

    @TempDir
    Path dir;

    @Test
    void recordedCapturesGiveTheSameReport(LocalStack stack) throws Exception {
        List<Path> inputs = new ArrayList<>();
        for (String name : RECORDED) {
            try (InputStream in = getClass().getResourceAsStream("/hubble-otel/" + name)) {
                assertThat(in).as("hubble-otel/%s on the test class path", name).isNotNull();
                Path file = dir.resolve(name);
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                inputs.add(file);
            }
        }
        Path extra = dir.resolve("broken-and-lost.json");
        Files.writeString(extra, "this is not json\n{\"lost_events\":{\"source\":\"PERF_EVENT_RING_BUFFER\","
                + "\"num_events_lost\":\"3\",\"cpu\":1},\"node_name\":\"kind-worker\",\"time\":\"2021-11-10T10:41:02.500Z\"}\n");
        inputs.add(extra);
        Reports reports = replayBoth(stack, inputs, null);
        assertThat(reports.flink().report().input().records()).isGreaterThan(1_000);
        assertThat(reports.flink().report().links()).isNotEmpty();
        assertThat(reports.flink().report().dns()).isNotEmpty();
        reports.assertEqual();
    }

    @Test
    void simulatedFaultStoryGivesTheSameReport(LocalStack stack) throws Exception {
        ClusterModel model = ModelLoader.defaultModel();
        SimulationOptions options = SimulationOptions.forModel(model).withSeed(11).withDuration(Duration.ofMinutes(11))
                .withRateScale(0.5).withFaults(FAULT_STORY);
        Simulation simulation = new Simulation(model, options);
        Path capture = dir.resolve("faults.json");
        Path topology = dir.resolve("faults-topology.yaml");
        ClusterTopology.write(simulation.cluster(), topology);
        try (CaptureWriter writer = new CaptureWriter(capture)) {
            List<GetFlowsResponse> batch = new ArrayList<>();
            for (GetFlowsResponse event; (event = simulation.next()) != null; ) {
                batch.add(event);
                if (batch.size() == 4096) {
                    writer.accept(batch);
                    batch = new ArrayList<>();
                }
            }
            writer.accept(batch);
        }
        Reports reports = replayBoth(stack, List.of(capture), topology);
        assertThat(reports.flink().report().alerts()).extracting(a -> a.getKind().toString())
                .contains("LINK_DROP_RATE", "DNS_NXDOMAIN_RATIO", "DNS_SERVFAIL", "DNS_LATENCY", "DNS_VOLUME_SPIKE",
                        "DNS_SUSPICIOUS_NAME", "XSUBNET_LATENCY", "XSUBNET_JITTER", "LOST_EVENTS");
        reports.assertEqual();
    }

    /** The report of the Kafka Streams replay (its JSON and seconds) and the Flink replay's result. */
    record Reports(String streamsJson, double streamsSeconds, ReplayResult flink) {

        void assertEqual() {
            String flinkJson = new ReportJsonWriter().toJson(flink.report());
            System.out.printf("parity: %,d records; %d link, %d DNS, %d latency windows, %d alert changes, %d late; "
                            + "streams replay %.1f s, flink replay %.1f s%n", flink.report().input().records(),
                    flink.report().links().size(), flink.report().dns().size(), flink.report().latency().size(),
                    flink.report().alerts().size(), flink.report().input().late(), streamsSeconds, flink.seconds());
            assertThat(flink.complete()).isTrue();
            assertThat(flinkJson).as("the Flink replay's report equals the Kafka Streams replay's").isEqualTo(streamsJson);
        }
    }

    /** The Kafka Streams replay in a child JVM on the project's own Kafka client, then the Flink replay here. */
    Reports replayBoth(LocalStack stack, List<Path> inputs, Path topology) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String registry = stack.registry().url();
        Path report = dir.resolve("streams-report-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of(report.toString(), bootstrap, registry,
                ReplayTopics.newRunId(Instant.now()), Integer.toString(ReplaySettings.DEFAULT_FLOWS_PARTITIONS), "2",
                topology == null ? "-" : topology.toString()));
        inputs.forEach(input -> args.add(input.toString()));
        StreamsProcess.run(StreamsReplayMain.class, args, Duration.ofMinutes(6));
        String streamsJson = Files.readString(report);
        double streamsSeconds = Double.parseDouble(Files.readString(Path.of(report + ".seconds")));
        ReplayResult flink;
        try (FlinkReplay replay = new FlinkReplay(settings(inputs, topology, bootstrap, registry), System.err)) {
            flink = replay.run();
        }
        return new Reports(streamsJson, streamsSeconds, flink);
    }

    static ReplaySettings settings(List<Path> inputs, Path topology, String bootstrap, String registry) {
        String runId = ReplayTopics.newRunId(Instant.now());
        ReplaySettings defaults = ReplaySettings.of(inputs, topology, bootstrap, registry, runId);
        return new ReplaySettings(defaults.inputs(), topology, bootstrap, registry, runId, defaults.flowsPartitions(),
                2, defaults.windowSize(), defaults.grace(), Duration.ofMinutes(3), false, new Properties());
    }
}
