package io.flowpulse.console.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.schemas.avro.Node;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConsoleRecordJsonTest {

    static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
    static final Instant END = START.plusSeconds(60);

    static JsonNode parse(String json) throws Exception {
        return RecordJson.mapper().readTree(json);
    }

    @Test
    void linkWindowKeepsTheSchemaNamesAndSaysWhichRecord() throws Exception {
        Map<String, Long> reasons = new TreeMap<>(Map.of("POLICY_DENIED", 7L, "CT_MAP_INSERTION_FAILED", 3L));
        LinkWindow l = LinkWindow.newBuilder().setLevel("subnet").setSrc("lab-a").setDst("edge-e").setWindowStart(START)
                .setWindowEnd(END).setForwarded(90).setDropped(10).setOther(1).setDropRate(0.1).setDropReasons(reasons).build();
        RecordJson.Mapped m = RecordJson.of(l).orElseThrow();
        assertThat(m.type()).isEqualTo("window");
        JsonNode n = parse(m.json());
        assertThat(n.get("record").asText()).isEqualTo("link");
        assertThat(n.get("window_start").asLong()).isEqualTo(START.toEpochMilli());
        assertThat(n.get("window_end").asLong()).isEqualTo(END.toEpochMilli());
        assertThat(n.get("drop_rate").asDouble()).isEqualTo(0.1);
        assertThat(n.get("drop_reasons").get("POLICY_DENIED").asLong()).isEqualTo(7);
        assertThat(m.json()).doesNotContain("\n");
        assertThat(m.json()).startsWith("{\"record\":\"link\",\"level\":\"subnet\",\"src\":\"lab-a\",\"dst\":\"edge-e\"");
        assertThat(RecordJson.identity(l)).isEqualTo("link|subnet|lab-a|edge-e|" + START.toEpochMilli());
    }

    @Test
    void dnsWindowWithAndWithoutLatency() throws Exception {
        DnsWindow d = DnsWindow.newBuilder().setClient("shop/web").setWindowStart(START).setWindowEnd(END).setQueries(40)
                .setResponses(38).setRcodes(Map.of("NOERROR", 20L, "NXDOMAIN", 18L))
                .setLatencyMs(new DnsLatency(1.5, 3.0, 4.25, 9.0)).setDistinctNames(12)
                .setTopNxdomain(List.of(new NameCount("nope.example", 9L))).setSuspiciousNames(List.of("x.example")).build();
        JsonNode n = parse(RecordJson.of(d).orElseThrow().json());
        assertThat(n.get("record").asText()).isEqualTo("dns");
        assertThat(n.get("rcodes").get("NXDOMAIN").asLong()).isEqualTo(18);
        assertThat(n.get("latency_ms").get("p99").asDouble()).isEqualTo(4.25);
        assertThat(n.get("top_nxdomain").get(0).get("name").asText()).isEqualTo("nope.example");
        assertThat(n.get("suspicious_names").get(0).asText()).isEqualTo("x.example");
        d.setLatencyMs(null);
        assertThat(parse(RecordJson.dns(d)).get("latency_ms").isNull()).isTrue();
    }

    @Test
    void latencyWindowAndNonFiniteNumbers() throws Exception {
        LatencyWindow w = LatencyWindow.newBuilder().setLevel("subnet").setKind("tcp_handshake").setSrc("lab-a")
                .setDst("edge-e").setWindowStart(START).setWindowEnd(END).setSamples(40).setMinMs(100).setP50Ms(180)
                .setP90Ms(250).setP99Ms(260.5).setMaxMs(261).setMeanMs(Double.NaN).setStddevMs(Double.POSITIVE_INFINITY)
                .setJitterMs(74.2).setExact(true).build();
        JsonNode n = parse(RecordJson.of(w).orElseThrow().json());
        assertThat(n.get("record").asText()).isEqualTo("latency");
        assertThat(n.get("kind").asText()).isEqualTo("tcp_handshake");
        assertThat(n.get("p99_ms").asDouble()).isEqualTo(260.5);
        assertThat(n.get("jitter_ms").asDouble()).isEqualTo(74.2);
        assertThat(n.get("mean_ms").isNull()).isTrue();
        assertThat(n.get("stddev_ms").isNull()).isTrue();
    }

    @Test
    void alertIsAnAlertEvent() throws Exception {
        Alert a = Alert.newBuilder().setId("LINK_DROP_RATE:workload:shop/cart->data/redis").setKind("LINK_DROP_RATE")
                .setSeverity("CRITICAL").setSubject("workload:shop/cart->data/redis").setState("FIRING")
                .setWindowStart(START).setWindowEnd(END).setValue(0.3).setThreshold(0.05).setMessage("drops <b>")
                .build();
        RecordJson.Mapped m = RecordJson.of(a).orElseThrow();
        assertThat(m.type()).isEqualTo("alert");
        JsonNode n = parse(m.json());
        assertThat(n.get("state").asText()).isEqualTo("FIRING");
        assertThat(n.get("message").asText()).isEqualTo("drops <b>");
        assertThat(RecordJson.identity(a)).isEqualTo(
                "alert|LINK_DROP_RATE:workload:shop/cart->data/redis|FIRING|" + START.toEpochMilli());
    }

    @Test
    void nodeAndItsRemoval() throws Exception {
        Node node = Node.newBuilder().setName("lab-a-1").setSubnet("lab-a").setAddresses(List.of("192.168.10.11"))
                .setPodCidrs(List.of("10.244.1.0/24")).setLabels(Map.of("zone", "a")).build();
        JsonNode n = parse(RecordJson.node(node));
        assertThat(n.get("subnet").asText()).isEqualTo("lab-a");
        assertThat(n.get("pod_cidrs").get(0).asText()).isEqualTo("10.244.1.0/24");
        assertThat(parse(RecordJson.nodeEvent("lab-a-1", null)).get("removed").asBoolean()).isTrue();
        assertThat(RecordJson.of(node)).as("nodes are not window or alert events").isEmpty();
    }
}
