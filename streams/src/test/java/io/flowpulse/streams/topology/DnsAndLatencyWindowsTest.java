package io.flowpulse.streams.topology;

import static io.flowpulse.streams.logic.TestFlows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.streams.logic.TestFlows;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DnsAndLatencyWindowsTest {

    TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(TopologySettings.builder().topologyNodes(LinkWindowsTest.NODES).build());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    static Endpoint coreDns() {
        return TestFlows.deployment(0, "kube-system", "coredns", "coredns-6f6b679f8f-x2x9z");
    }

    /** A DNS request from web (node-1) to CoreDNS (10.244.2.53, node-2), seen by node-1's proxy. */
    static Flow request(Instant time, String query) {
        return TestFlows.dns(time, "node-1", "REQUEST", query, 0, 0)
                .setSource(LinkWindowsTest.web()).setSourceIp("10.244.1.10")
                .setDestination(coreDns()).setDestinationIp("10.244.2.53").build();
    }

    static Flow response(Instant time, String query, int rcode, long latencyNanos) {
        return TestFlows.dns(time, "node-1", "RESPONSE", query, rcode, latencyNanos)
                .setSource(coreDns()).setSourceIp("10.244.2.53")
                .setDestination(LinkWindowsTest.web()).setDestinationIp("10.244.1.10").build();
    }

    void send(Flow flow) {
        harness.send(flow, flow.getTime(), flow.getNode());
    }

    @Test
    void dnsWindowOfAClientAndItsDnsLatency() {
        send(request(T0.plusMillis(1_000), "shop.example.com."));
        send(response(T0.plusMillis(1_010), "shop.example.com.", 0, 10_000_000));
        send(request(T0.plusMillis(2_000), "nope.example."));
        send(response(T0.plusMillis(2_030), "nope.example.", 3, 30_000_000));
        send(request(T0.plusMillis(3_000), "nope.example."));
        send(response(T0.plusMillis(3_020), "nope.example.", 3, 20_000_000));
        harness.endOfStream(T0.plusSeconds(4));

        List<KeyValue<String, DnsWindow>> dns = harness.dns.readKeyValuesToList();
        assertThat(dns).hasSize(1);
        assertThat(dns.get(0).key).isEqualTo("shop/web");
        DnsWindow window = dns.get(0).value;
        assertThat(window.getWindowStart()).isEqualTo(T0);
        assertThat(window.getQueries()).isEqualTo(3);
        assertThat(window.getResponses()).isEqualTo(3);
        assertThat(window.getRcodes()).isEqualTo(Map.of("NOERROR", 1L, "NXDOMAIN", 2L));
        // nearest rank over 10, 20, 30 ms: p50 = rank 2, p95 and p99 = rank 3
        assertThat(window.getLatencyMs()).isEqualTo(new DnsLatency(20.0, 30.0, 30.0, 30.0));
        assertThat(window.getDistinctNames()).isEqualTo(2);
        assertThat(window.getTopNxdomain()).containsExactly(new NameCount("nope.example.", 2L));
        assertThat(window.getSuspiciousNames()).isEmpty();

        Map<String, LatencyWindow> latency = new TreeMap<>();
        harness.latency.readKeyValuesToList().forEach(kv -> latency.put(kv.key, kv.value));
        assertThat(latency.keySet()).containsExactly("node|dns|node-1|node-2", "subnet|dns|lab-a|lab-b");
        LatencyWindow node = latency.get("node|dns|node-1|node-2");
        assertThat(node.getSamples()).isEqualTo(3);
        assertThat(node.getMinMs()).isEqualTo(10.0);
        assertThat(node.getP50Ms()).isEqualTo(20.0);
        assertThat(node.getP90Ms()).isEqualTo(30.0);
        assertThat(node.getP99Ms()).isEqualTo(30.0);
        assertThat(node.getMaxMs()).isEqualTo(30.0);
        assertThat(node.getMeanMs()).isEqualTo(20.0);
        assertThat(node.getStddevMs()).isEqualTo(8.165); // sqrt(200/3) ms
        assertThat(node.getJitterMs()).isEqualTo(15.0);  // in time order 10, 30, 20: (20 + 10) / 2
        assertThat(harness.links.isEmpty()).as("L7 flows are not link events").isTrue();
    }

    @Test
    void tcpHandshakeSampleIsPairedAtTheObservingNodeAndBelongsToTheSynWindow() {
        Flow syn = TestFlows.tcp(T0.plusMillis(59_999), "node-1", "10.244.1.10", 40000, "10.244.2.20", 5432, "SYN")
                .setSource(LinkWindowsTest.web()).setDestination(LinkWindowsTest.remoteDb()).setIsReply(false).build();
        Flow synAck = TestFlows.tcp(T0.plusMillis(60_001) .plusNanos(500_000), "node-1",
                        "10.244.2.20", 5432, "10.244.1.10", 40000, "SYN", "ACK")
                .setSource(LinkWindowsTest.remoteDb()).setDestination(LinkWindowsTest.web()).setIsReply(true).build();
        send(syn);
        send(synAck);
        harness.endOfStream(T0.plusSeconds(61));

        Map<String, LatencyWindow> latency = new TreeMap<>();
        harness.latency.readKeyValuesToList().forEach(kv -> latency.put(kv.key, kv.value));
        assertThat(latency.keySet()).containsExactly("node|tcp_handshake|node-1|node-2", "subnet|tcp_handshake|lab-a|lab-b");
        for (LatencyWindow window : latency.values()) {
            assertThat(window.getWindowStart()).as("window of the SYN").isEqualTo(T0);
            assertThat(window.getSamples()).isEqualTo(1);
            assertThat(window.getMinMs()).isEqualTo(2.5);
            assertThat(window.getP99Ms()).isEqualTo(2.5);
            assertThat(window.getJitterMs()).isZero();
        }
        assertThat(harness.metrics.lateSamples().count()).isZero();
    }
}
