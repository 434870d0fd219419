package io.flowpulse.sink;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.schemas.avro.Workload;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Records with known values for the integration tests and the benchmark. */
final class Records {

    static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

    private Records() {
    }

    static LinkWindow link(String level, String src, String dst, Instant start, long forwarded, long dropped,
                           long other, Map<String, Long> reasons) {
        double rate = forwarded + dropped == 0 ? 0 : dropped / (double) (forwarded + dropped);
        return LinkWindow.newBuilder().setLevel(level).setSrc(src).setDst(dst).setWindowStart(start)
                .setWindowEnd(start.plusSeconds(60)).setForwarded(forwarded).setDropped(dropped).setOther(other)
                .setDropRate(rate).setDropReasons(new TreeMap<>(reasons)).build();
    }

    static List<LinkWindow> links() {
        return List.of(
                link("node", "node-1", "node-2", T0, 6, 2, 1, Map.of("POLICY_DENIED", 2L)),
                link("subnet", "lab-a", "lab-b", T0.plusSeconds(60), 5, 0, 0, Map.of()),
                link("workload", "shop/web", "shop/db", T0, 0, 4, 0, Map.of("CT_MAP_INSERTION_FAILED", 1L, "POLICY_DENIED", 3L)));
    }

    static List<DnsWindow> dns() {
        return List.of(
                DnsWindow.newBuilder().setClient("shop/web").setWindowStart(T0).setWindowEnd(T0.plusSeconds(60))
                        .setQueries(20).setResponses(18).setRcodes(new TreeMap<>(Map.of("NOERROR", 15L, "NXDOMAIN", 3L)))
                        .setLatencyMs(new DnsLatency(1.5, 3.25, 7.5, 9.0)).setDistinctNames(4)
                        .setTopNxdomain(List.of(new NameCount("bad.example.", 3L))).setSuspiciousNames(List.of()).build(),
                DnsWindow.newBuilder().setClient("shop/api").setWindowStart(T0).setWindowEnd(T0.plusSeconds(60))
                        .setQueries(1).setResponses(0).setRcodes(Map.of()).setLatencyMs(null).setDistinctNames(1)
                        .setTopNxdomain(List.of()).setSuspiciousNames(List.of("x7f3kq9zvd0m2p8w1c4b.example.")).build());
    }

    static List<LatencyWindow> latency() {
        return List.of(LatencyWindow.newBuilder().setLevel("subnet").setKind("tcp_handshake").setSrc("lab-a")
                .setDst("lab-b").setWindowStart(T0).setWindowEnd(T0.plusSeconds(60)).setSamples(12).setMinMs(1.25)
                .setP50Ms(2.5).setP90Ms(10).setP99Ms(20.5).setMaxMs(21).setMeanMs(5.5).setStddevMs(0.75)
                .setJitterMs(3.125).setExact(true).build());
    }

    static List<Alert> alerts() {
        String id = "LINK_DROP_RATE:node:node-1->node-2";
        return List.of(
                Alert.newBuilder().setId(id).setKind("LINK_DROP_RATE").setSeverity("CRITICAL")
                        .setSubject("node:node-1->node-2").setState("FIRING").setWindowStart(T0)
                        .setWindowEnd(T0.plusSeconds(60)).setValue(0.25).setThreshold(0.05).setMessage("drop rate 25%").build(),
                Alert.newBuilder().setId(id).setKind("LINK_DROP_RATE").setSeverity("CRITICAL")
                        .setSubject("node:node-1->node-2").setState("RESOLVED").setWindowStart(T0.plusSeconds(120))
                        .setWindowEnd(T0.plusSeconds(180)).setValue(0).setThreshold(0.05).setMessage("resolved").build());
    }

    static Flow flow(String uuid) {
        Endpoint src = Endpoint.newBuilder().setId(12).setIdentity(4242).setNamespace("shop").setPodName("web-5d8f9-abcde")
                .setLabels(List.of("k8s:app=web")).setWorkloads(List.of(new Workload("web", "Deployment"))).build();
        Endpoint dst = Endpoint.newBuilder().setIdentity(2).setLabels(List.of("reserved:world")).build();
        return Flow.newBuilder().setTime(T0.plusNanos(123_456_000)).setUuid(uuid).setNodeName("kind/node-1")
                .setNode("node-1").setCluster("kind").setVerdict("DROPPED").setDropReasonDesc("POLICY_DENIED")
                .setFlowType("L3_L4").setSourceIp("10.244.1.7").setDestinationIp("93.184.216.34").setProtocol("TCP")
                .setSourcePort(40000).setDestinationPort(443).setTcpFlags(List.of("SYN")).setSource(src)
                .setDestination(dst).build();
    }

    static LostEvents lostEvents() {
        return LostEvents.newBuilder().setTime(T0.plusSeconds(1)).setNodeName("kind/node-1").setNode("node-1")
                .setSource("PERF_EVENT_RING_BUFFER").setNumEventsLost(17).setCpu(3).build();
    }
}
