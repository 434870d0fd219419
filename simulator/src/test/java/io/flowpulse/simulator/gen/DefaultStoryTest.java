package io.flowpulse.simulator.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in model's 20-minute story: every fault makes its alert condition hold in its own minutes. */
class DefaultStoryTest {

    private static List<GetFlowsResponse> events;
    private static Map<String, Map<Integer, DnsWindows.Window>> dns;
    private static Cluster cluster;

    @BeforeAll
    static void run() {
        ClusterModel model = ModelLoader.defaultModel();
        Simulation simulation = new Simulation(model, SimulationOptions.forModel(model).withDuration(Duration.ofMinutes(20)));
        cluster = simulation.cluster();
        events = new ArrayList<>();
        GetFlowsResponse r;
        while ((r = simulation.next()) != null) {
            events.add(r);
        }
        dns = DnsWindows.byClient(events);
    }

    @Test
    void dropsHappenOnTheFaultyLinksInTheirMinutes() {
        assertDropRate("shop/cart", "data/redis", 2, 6);
        assertDropRate("shop/web", "data/postgres", 3, 8);
        assertThat(FaultsTest.flows(events)).filteredOn(f -> f.getVerdict() == Verdict.DROPPED)
                .allSatisfy(f -> assertThat(Runs.workload(f.getSource()) + "->" + Runs.workload(f.getDestination()))
                        .isIn("shop/cart->data/redis", "data/redis->shop/cart", "shop/web->data/postgres"));
    }

    @Test
    void dnsFaultsTripTheirConditionsInTheirMinutes() {
        for (int m = 5; m < 9; m++) {
            DnsWindows.Window w = dns.get("shop/web").get(m);
            assertThat((double) w.rcode(3) / w.responses).as("nxdomain minute %d", m).isGreaterThanOrEqualTo(0.5);
        }
        Map<Integer, DnsWindows.Window> catalog = dns.get("shop/catalog");
        double baseline = catalog.get(0).queries;
        for (int m = 1; m < 7; m++) {
            baseline = 0.3 * catalog.get(m).queries + 0.7 * baseline;
        }
        assertThat(catalog.get(7).queries).isGreaterThanOrEqualTo((int) Math.max(50, 4 * baseline));
        for (int m = 9; m < 12; m++) {
            assertThat(dns.get("shop/checkout").get(m).suspiciousNames()).as("dga minute %d", m).isPositive();
        }
        for (int m = 11; m < 14; m++) {
            assertThat(dns.get("shop/cart").get(m).p99()).as("slow dns minute %d", m).isGreaterThanOrEqualTo(500);
        }
        for (int m = 13; m < 16; m++) {
            DnsWindows.Window w = catalog.get(m);
            assertThat(w.rcode(2)).isGreaterThanOrEqualTo(5);
            assertThat((double) w.rcode(2) / w.responses).as("servfail minute %d", m).isGreaterThanOrEqualTo(0.1);
        }
        dns.forEach((client, minutes) -> minutes.forEach((m, w) -> {
            if (!(client.equals("shop/web") && m >= 5 && m < 9)) {
                assertThat((double) w.rcode(3) / w.responses).as("%s minute %d", client, m).isLessThan(0.5);
            }
            // answers to queries sent in the last second of the fault arrive in the next minute
            if (!(client.equals("shop/cart") && m >= 11 && m <= 14)) {
                assertThat(w.p99()).as("%s minute %d", client, m).isLessThan(500);
            }
        }));
    }

    @Test
    void relayedAndDegradedPathsTripLatencyAndJitter() {
        var samples = Handshakes.bySubnetPair(events, cluster);
        samples.forEach((pair, minutes) -> minutes.forEach((m, s) -> {
            String[] ends = pair.split("->");
            if (ends[0].equals(ends[1]) || s.size() < 10) {
                return;
            }
            boolean relayed = pair.contains("edge-e");
            boolean degraded = (pair.equals("cloud-d->lab-c") || pair.equals("lab-c->cloud-d")) && m >= 15 && m < 18;
            double p99 = Handshakes.percentile(s, 99);
            double jitter = Handshakes.jitter(s);
            if (relayed || degraded) {
                assertThat(p99).as("%s minute %d", pair, m).isGreaterThanOrEqualTo(200);
                assertThat(jitter).as("%s minute %d", pair, m).isGreaterThanOrEqualTo(30);
            } else {
                assertThat(p99).as("%s minute %d", pair, m).isLessThan(200);
                assertThat(jitter).as("%s minute %d", pair, m).isLessThan(30);
            }
        }));
        assertThat(samples.get("cloud-d->lab-c")).containsKeys(15, 16, 17);
    }

    @Test
    void lostEventsOnlyFromLabC2InMinutes16And17() {
        List<GetFlowsResponse> lost = events.stream().filter(GetFlowsResponse::hasLostEvents).toList();
        assertThat(lost).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getNodeName()).isEqualTo("lab-c-2");
            assertThat((r.getTime().getSeconds() - Runs.START.getEpochSecond()) / 60).isBetween(16L, 17L);
        });
    }

    private static void assertDropRate(String client, String server, int from, int to) {
        Map<Integer, int[]> perMinute = FaultsTest.linkCounts(events, client, server);
        for (int m = from; m < to; m++) {
            int[] c = perMinute.get(m);
            assertThat(c[0] + c[1]).as("%s->%s minute %d", client, server, m).isGreaterThanOrEqualTo(20);
            assertThat((double) c[1] / (c[0] + c[1])).as("%s->%s minute %d", client, server, m).isGreaterThanOrEqualTo(0.05);
        }
        perMinute.forEach((m, c) -> {
            if (m < from || m > to) {
                assertThat(c[1]).as("%s->%s minute %d", client, server, m).isZero();
            }
        });
    }
}
