package io.flowpulse.streams.topology;

import static io.flowpulse.streams.logic.TestFlows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.streams.logic.TestFlows;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * 100,000 new workloads in one minute: half send TCP to one server (a workload-level link each),
 * half get a DNS answer (a DNS client each). With at most 5,000 keys per type and window, stage 1
 * holds 5,000 keys of each type plus the overflow keys, and the window's output accounts for
 * every flow.
 */
class KeyFloodTest {

    static final int WORKLOADS = 100_000;
    static final int MAX_KEYS = 5_000;

    TopologyHarness harness;
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger guardLog = (Logger) LoggerFactory.getLogger(WindowKeyGuard.class);

    @BeforeEach
    void start() {
        harness = new TopologyHarness(TopologySettings.builder().topologyNodes(LinkWindowsTest.NODES)
                .maxKeysPerWindow(MAX_KEYS).build());
        logged.start();
        guardLog.addAppender(logged);
    }

    @AfterEach
    void stop() {
        guardLog.detachAppender(logged);
        harness.close();
    }

    static Endpoint workload(int i) {
        return TestFlows.deployment(1_000 + i, "flood", "w-" + i, "w-" + i + "-5d9c7b6f4-abcde");
    }

    /** Workload i: even ones open a TCP connection to shop/db, odd ones get a DNS answer; 0.5 ms apart. */
    static Flow flow(int i) {
        Instant time = T0.plusNanos(500_000L * i);
        if (i % 2 == 0) {
            return TestFlows.tcp(time, "node-1", "10.244.1.10", 40_000 + i % 20_000, "10.244.2.20", 5432, "ACK")
                    .setSource(workload(i)).setDestination(LinkWindowsTest.remoteDb()).build();
        }
        // without a latency: a sample per answer would only grow the two latency keys (and the test driver
        // keeps every changelog record of them)
        return TestFlows.dns(time, "node-1", "RESPONSE", "db.shop.svc.cluster.local.", 0, 0)
                .setSource(DnsAndLatencyWindowsTest.coreDns()).setSourceIp("10.244.2.53")
                .setDestination(workload(i)).setDestinationIp("10.244.1.10").build();
    }

    Map<Character, Integer> stageOneKeysByType() {
        KeyValueStore<String, byte[]> store = harness.driver.getKeyValueStore(FlowpulseTopology.STAGE1_WINDOWS_STORE);
        Map<Character, Integer> keys = new HashMap<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> keys.merge(WindowedKey.parse(entry.key).tag(), 1, Integer::sum));
        }
        return keys;
    }

    double count(String name, String type) {
        return harness.metrics.registry().get(name).tag("type", type).counter().count();
    }

    @Test
    void aFloodOfNewWorkloadsIsHeldToTheLimitAndTheOverflowKeysAccountForTheRest() {
        for (int i = 0; i < WORKLOADS; i++) {
            Flow flow = flow(i);
            harness.send(flow, flow.getTime(), flow.getNode());
        }

        // the open window: 5,000 link keys (the node and subnet links among them) + the workload overflow key,
        // and 5,000 DNS clients + the DNS overflow key
        assertThat(stageOneKeysByType()).containsOnly(Map.entry(LinkAggregateType.TAG, MAX_KEYS + 1),
                Map.entry(DnsAggregateType.TAG, MAX_KEYS + 1));
        int linksFolded = WORKLOADS / 2 - (MAX_KEYS - 2);
        int clientsFolded = WORKLOADS / 2 - MAX_KEYS;
        assertThat(count("flowpulse.streams.window.overflow.contributions", "link")).isEqualTo(linksFolded);
        assertThat(count("flowpulse.streams.window.overflow.contributions", "dns")).isEqualTo(clientsFolded);
        assertThat(count("flowpulse.streams.window.overflows", "link")).isEqualTo(1);
        assertThat(count("flowpulse.streams.window.overflows", "dns")).isEqualTo(1);
        assertThat(logged.list).as("one WARN line per window and type").hasSize(2)
                .allSatisfy(line -> assertThat(line.getLevel().toString()).isEqualTo("WARN"))
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("5000 distinct link keys", "'workload|(overflow)|(overflow)'"))
                .anySatisfy(line -> assertThat(line).contains("5000 distinct dns keys", "'(overflow)'"));

        harness.endOfStream(T0.plusSeconds(59));

        List<KeyValue<String, LinkWindow>> links = harness.links.readKeyValuesToList();
        List<LinkWindow> workloadLinks = links.stream().map(kv -> kv.value)
                .filter(w -> w.getLevel().equals("workload")).toList();
        assertThat(workloadLinks).hasSize(MAX_KEYS - 2 + 1);
        assertThat(workloadLinks.stream().mapToLong(LinkWindow::getForwarded).sum())
                .as("every TCP flow is in a workload-level window").isEqualTo(WORKLOADS / 2);
        assertThat(links).filteredOn(kv -> kv.key.equals("workload|(overflow)|(overflow)")).singleElement()
                .satisfies(kv -> assertThat(kv.value.getForwarded()).isEqualTo(linksFolded));
        assertThat(links).filteredOn(kv -> kv.key.equals("node|node-1|node-2")).singleElement()
                .satisfies(kv -> assertThat(kv.value.getForwarded()).isEqualTo(WORKLOADS / 2));

        List<KeyValue<String, DnsWindow>> dns = harness.dns.readKeyValuesToList();
        assertThat(dns).hasSize(MAX_KEYS + 1);
        assertThat(dns.stream().mapToLong(kv -> kv.value.getResponses()).sum()).isEqualTo(WORKLOADS / 2);
        assertThat(dns).filteredOn(kv -> kv.key.equals("(overflow)")).singleElement()
                .satisfies(kv -> assertThat(kv.value.getResponses()).isEqualTo(clientsFolded));
        assertThat(stageOneKeysByType()).as("the closed window left stage 1").isEmpty();
    }

    @Test
    void underTheLimitNothingFolds() {
        for (int i = 0; i < 2 * 1_000; i++) {
            Flow flow = flow(i);
            harness.send(flow, flow.getTime(), flow.getNode());
        }
        harness.endOfStream(T0.plusSeconds(59));
        assertThat(harness.links.readKeyValuesToList()).hasSize(1_000 + 2)
                .noneSatisfy(kv -> assertThat(kv.key).contains("(overflow)"));
        assertThat(harness.dns.readKeyValuesToList()).hasSize(1_000);
        assertThat(harness.metrics.registry().find("flowpulse.streams.window.overflows").counters()).isEmpty();
        assertThat(logged.list).isEmpty();
    }
}
