package io.flowpulse.simulator.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.flowpulse.hubble.flow.FlowProtos.DropReason;
import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.flow.FlowProtos.FlowType;
import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.model.ModelLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each fault must make its alert condition (analytics spec section 6) hold where it is injected, and only there. */
class FaultsTest {

    private static final Cluster CLUSTER = Cluster.build(ModelLoader.defaultModel(), 1);

    @Test
    void policyDropDeniesOnlyThatLink() {
        List<GetFlowsResponse> events = Runs.run(3, 21, "policy-drop=shop/web->data/postgres");
        List<Flow> dropped = flows(events).stream().filter(f -> f.getVerdict() == Verdict.DROPPED).toList();
        assertThat(dropped).hasSizeGreaterThan(100);
        assertThat(dropped).allSatisfy(f -> {
            assertThat(f.getDropReasonDesc()).isEqualTo(DropReason.POLICY_DENIED);
            assertThat(f.getDropReason()).isEqualTo(133);
            assertThat(f.getEventType().getType()).isEqualTo(1);
            assertThat(f.getEventType().getSubType()).isEqualTo(133);
            assertThat(Runs.workload(f.getSource())).isEqualTo("shop/web");
            assertThat(Runs.workload(f.getDestination())).isEqualTo("data/postgres");
            assertThat(f.getNodeName()).isEqualTo("lab-b-2");
            assertThat(f.getL4().getTCP().getFlags().getSYN()).isTrue();
        });
        Map<Integer, int[]> perMinute = linkCounts(events, "shop/web", "data/postgres");
        assertThat(perMinute).hasSize(3);
        perMinute.values().forEach(c -> {
            assertThat(c[0] + c[1]).isGreaterThanOrEqualTo(20);
            assertThat((double) c[1] / (c[0] + c[1])).isGreaterThanOrEqualTo(0.05);
        });
    }

    @Test
    void timeBoxedPolicyDropOnlyDropsInsideItsWindow() {
        List<GetFlowsResponse> events = Runs.run(4, 22, "policy-drop=shop/catalog->data/postgres,start=1,end=3");
        Map<Integer, int[]> perMinute = linkCounts(events, "shop/catalog", "data/postgres");
        assertThat(perMinute.get(0)[1]).isZero();
        for (int minute : new int[] {1, 2}) {
            int[] c = perMinute.get(minute);
            assertThat((double) c[1] / (c[0] + c[1])).as("minute %d", minute).isGreaterThanOrEqualTo(0.05);
        }
        // connections denied just before the end retry for up to 3 s, so their drops may spill over
        long windowStart = Runs.START.getEpochSecond() + 60;
        long lastRetry = Runs.START.getEpochSecond() + 180 + 4;
        assertThat(flows(events)).filteredOn(f -> f.getVerdict() == Verdict.DROPPED)
                .allSatisfy(f -> assertThat(f.getTime().getSeconds()).isBetween(windowStart, lastRetry));
        assertThat(perMinute.get(3)[0]).isGreaterThan(100);
    }

    @Test
    void packetDropUsesItsReasonOnItsLinkOnly() {
        List<GetFlowsResponse> events = Runs.run(2, 23, "packet-drop=shop/cart->data/redis,fraction=0.3,reason=FIB_LOOKUP_FAILED");
        List<Flow> dropped = flows(events).stream().filter(f -> f.getVerdict() == Verdict.DROPPED).toList();
        assertThat(dropped).isNotEmpty().allSatisfy(f -> {
            assertThat(f.getDropReasonDesc()).isEqualTo(DropReason.FIB_LOOKUP_FAILED);
            assertThat(f.getDropReason()).isEqualTo(169);
            assertThat(List.of(Runs.workload(f.getSource()), Runs.workload(f.getDestination())))
                    .containsExactlyInAnyOrder("shop/cart", "data/redis");
        });
        linkCounts(events, "shop/cart", "data/redis").values()
                .forEach(c -> assertThat((double) c[1] / (c[0] + c[1])).isGreaterThanOrEqualTo(0.05));
    }

    @Test
    void relayedPathTripsLatencyAndJitterOnlyForItsSubnet() {
        List<GetFlowsResponse> events = Runs.run(3, 24, "relayed-path=edge-e");
        Map<String, Map<Integer, List<Handshakes.Sample>>> samples = Handshakes.bySubnetPair(events, CLUSTER);
        int relayedWindows = 0;
        List<Handshakes.Sample> pooled = new ArrayList<>();
        for (var pair : samples.entrySet()) {
            String[] ends = pair.getKey().split("->");
            if (ends[0].equals(ends[1])) {
                continue;
            }
            boolean relayed = ends[0].equals("edge-e") || ends[1].equals("edge-e");
            for (var window : pair.getValue().entrySet()) {
                List<Handshakes.Sample> s = window.getValue();
                if (s.size() < 10) {
                    continue;
                }
                double p99 = Handshakes.percentile(s, 99);
                double jitter = Handshakes.jitter(s);
                if (relayed) {
                    relayedWindows++;
                    pooled.addAll(s);
                    assertThat(p99).as("%s minute %d p99", pair.getKey(), window.getKey()).isGreaterThanOrEqualTo(200);
                    assertThat(jitter).as("%s minute %d jitter", pair.getKey(), window.getKey()).isGreaterThanOrEqualTo(30);
                } else {
                    assertThat(p99).as("%s minute %d p99", pair.getKey(), window.getKey()).isLessThan(200);
                    assertThat(jitter).as("%s minute %d jitter", pair.getKey(), window.getKey()).isLessThan(30);
                }
            }
        }
        assertThat(relayedWindows).isGreaterThanOrEqualTo(6);
        // uniform extra delay on [0, 3 x 75 ms] above 180 ms: p99 = 180 + 0.99 * 225 = 402.75 ms, never above 405 ms
        assertThat(Handshakes.percentile(pooled, 99)).isCloseTo(402.75, offset(3.0));
        assertThat(pooled).allSatisfy(s -> assertThat(s.ms()).isBetween(180.0, 405.0));
        assertThat(Handshakes.jitter(pooled.stream().sorted((a, b) -> Long.compare(a.synTime(), b.synTime())).toList()))
                .isCloseTo(75, offset(10.0));
    }

    @Test
    void relayedPathJitterMatchesTheConfiguredValue() {
        List<GetFlowsResponse> events = Runs.run(3, 25, "relayed-path=edge-e,rttMs=250,jitterMs=60,distribution=exponential");
        List<Handshakes.Sample> all = Handshakes.bySubnetPair(events, CLUSTER).get("edge-e->lab-c").values().stream()
                .flatMap(List::stream).sorted((a, b) -> Long.compare(a.synTime(), b.synTime())).toList();
        assertThat(all.size()).isGreaterThan(100);
        assertThat(Handshakes.jitter(all)).isCloseTo(60, offset(8.0));
        assertThat(all).allSatisfy(s -> assertThat(s.ms()).isGreaterThanOrEqualTo(250));
        // exponential: p99 = base + jitter * ln(100) = 526 ms
        assertThat(Handshakes.percentile(all, 99)).isCloseTo(526, offset(60.0));
    }

    @Test
    void nxdomainFaultMakesMostAnswersNxdomainWhileActive() {
        Map<Integer, DnsWindows.Window> web = DnsWindows.byClient(Runs.run(4, 26, "nxdomain=shop/web,start=1,end=3")).get("shop/web");
        for (int minute = 0; minute < 4; minute++) {
            DnsWindows.Window w = web.get(minute);
            double ratio = (double) w.rcode(3) / w.responses;
            assertThat(w.responses).isGreaterThanOrEqualTo(20);
            if (minute == 1 || minute == 2) {
                assertThat(ratio).as("minute %d", minute).isGreaterThanOrEqualTo(0.5);
            } else {
                assertThat(ratio).as("minute %d", minute).isLessThan(0.5);
            }
        }
    }

    @Test
    void servfailFaultAnswersServfail() {
        Map<Integer, DnsWindows.Window> catalog = DnsWindows.byClient(Runs.run(3, 27, "servfail=shop/catalog,start=1,end=2")).get("shop/catalog");
        assertThat(catalog.get(0).rcode(2)).isZero();
        assertThat(catalog.get(2).rcode(2)).isZero();
        DnsWindows.Window w = catalog.get(1);
        assertThat(w.rcode(2)).isGreaterThanOrEqualTo(5);
        assertThat((double) w.rcode(2) / w.responses).isGreaterThanOrEqualTo(0.1);
    }

    @Test
    void slowDnsPushesP99OverHalfASecond() {
        Map<Integer, DnsWindows.Window> cart = DnsWindows.byClient(Runs.run(4, 28, "slow-dns=shop/cart,start=1,end=2")).get("shop/cart");
        assertThat(cart.get(0).p99()).isLessThan(500);
        assertThat(cart.get(1).responses).isGreaterThanOrEqualTo(20);
        assertThat(cart.get(1).p99()).isGreaterThanOrEqualTo(500);
        // minute 2 may still see late answers to queries of minute 1; minute 3 is clean
        assertThat(cart.get(3).p99()).isLessThan(500);
    }

    @Test
    void dnsStormSpikesFarAboveTheBaseline() {
        Map<Integer, DnsWindows.Window> catalog = DnsWindows.byClient(Runs.run(6, 29, "dns-storm=shop/catalog,start=4,end=5")).get("shop/catalog");
        double baseline = catalog.get(0).queries;
        for (int minute = 1; minute < 4; minute++) {
            baseline = 0.3 * catalog.get(minute).queries + 0.7 * baseline;
            assertThat(catalog.get(minute).queries).isLessThan((int) Math.max(50, 4 * baseline));
        }
        assertThat(catalog.get(4).queries).isGreaterThanOrEqualTo((int) Math.max(50, 4 * baseline));
    }

    @Test
    void dgaNamesAppearOnlyWhileTheFaultIsActive() {
        Map<String, Map<Integer, DnsWindows.Window>> dns = DnsWindows.byClient(Runs.run(3, 30, "dga=shop/checkout,start=1,end=2"));
        assertThat(dns.get("shop/checkout").get(1).suspiciousNames()).isGreaterThanOrEqualTo(1);
        dns.forEach((client, minutes) -> minutes.forEach((minute, w) -> {
            if (!(client.equals("shop/checkout") && minute == 1)) {
                assertThat(w.suspiciousNames()).as("%s minute %d", client, minute).isZero();
            }
        }));
    }

    @Test
    void lostEventsComeFromTheFaultyNodeInsideTheWindow() {
        List<GetFlowsResponse> events = Runs.run(3, 31, "lost-events=lab-c-2,start=1,end=2,every=10");
        List<GetFlowsResponse> lost = events.stream().filter(GetFlowsResponse::hasLostEvents).toList();
        assertThat(lost).hasSize(6).allSatisfy(r -> {
            assertThat(r.getNodeName()).isEqualTo("lab-c-2");
            assertThat(r.getLostEvents().getNumEventsLost()).isPositive();
            long minute = (r.getTime().getSeconds() - Runs.START.getEpochSecond()) / 60;
            assertThat(minute).isEqualTo(1);
        });
    }

    @Test
    void withoutFaultsNoAlertConditionHolds() {
        List<GetFlowsResponse> events = Runs.run(3, 32);
        assertThat(flows(events)).noneMatch(f -> f.getVerdict() == Verdict.DROPPED);
        assertThat(events).noneMatch(GetFlowsResponse::hasLostEvents);
        DnsWindows.byClient(events).forEach((client, minutes) -> minutes.forEach((minute, w) -> {
            assertThat((double) w.rcode(3) / w.responses).as(client).isLessThan(0.5);
            assertThat(w.rcode(2) + w.rcode(5)).isZero();
            assertThat(w.p99()).as(client).isLessThan(500);
            assertThat(w.suspiciousNames()).isZero();
        }));
        Handshakes.bySubnetPair(events, CLUSTER).forEach((pair, minutes) -> minutes.forEach((minute, s) -> {
            if (s.size() >= 10) {
                assertThat(Handshakes.percentile(s, 99)).as(pair).isLessThan(200);
                assertThat(Handshakes.jitter(s)).as(pair).isLessThan(30);
            }
        }));
    }

    static List<Flow> flows(List<GetFlowsResponse> events) {
        return events.stream().filter(GetFlowsResponse::hasFlow).map(GetFlowsResponse::getFlow).toList();
    }

    /** minute -> {forwarded, dropped} of L3/L4 events from the client workload to the server workload. */
    static Map<Integer, int[]> linkCounts(List<GetFlowsResponse> events, String client, String server) {
        Map<Integer, int[]> result = new TreeMap<>();
        for (Flow f : flows(events)) {
            if (f.getType() != FlowType.L3_L4 || !Runs.workload(f.getSource()).equals(client)
                    || !Runs.workload(f.getDestination()).equals(server)) {
                continue;
            }
            int[] c = result.computeIfAbsent(Runs.minute(f), m -> new int[2]);
            if (f.getVerdict() == Verdict.DROPPED) {
                c[1]++;
            } else if (f.getVerdict() == Verdict.FORWARDED || f.getVerdict() == Verdict.REDIRECTED) {
                c[0]++;
            }
        }
        return result;
    }
}
