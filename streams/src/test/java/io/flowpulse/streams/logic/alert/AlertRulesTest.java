package io.flowpulse.streams.logic.alert;

import static io.flowpulse.streams.logic.alert.AlertFixtures.dns;
import static io.flowpulse.streams.logic.alert.AlertFixtures.handshake;
import static io.flowpulse.streams.logic.alert.AlertFixtures.link;
import static io.flowpulse.streams.logic.alert.AlertFixtures.w;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    private final AlertRules rules = new AlertRules(AlertThresholds.DEFAULTS);

    private Observation kind(List<Observation> observations, AlertKind kind) {
        return observations.stream().filter(o -> o.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void linkDropRateNeedsTwentyEventsAndFivePercent() {
        Observation atLimit = rules.linkDropRate(link(w(0), "subnet", "lab-a", "lab-b", 19, 1)); // 1/20 = 0.05
        assertThat(atLimit.holds()).isTrue();
        assertThat(atLimit.alertId()).isEqualTo("LINK_DROP_RATE:subnet:lab-a->lab-b");
        assertThat(atLimit.value()).isEqualTo(0.05);
        assertThat(atLimit.threshold()).isEqualTo(0.05);
        assertThat(atLimit.description()).isEqualTo("5% of 20 events dropped on subnet link lab-a -> lab-b (threshold 5%)");
        assertThat(rules.linkDropRate(link(w(0), "node", "n1", "n2", 18, 1)).holds()).isFalse();  // 19 events
        assertThat(rules.linkDropRate(link(w(0), "node", "n1", "n2", 39, 1)).holds()).isFalse();  // 2.5 %
    }

    @Test
    void nxdomainRatio() {
        Observation half = kind(rules.dns(dns(w(0), "shop/web", 20, Map.of("NOERROR", 10L, "NXDOMAIN", 10L), null, List.of())),
                AlertKind.DNS_NXDOMAIN_RATIO);
        assertThat(half.holds()).isTrue();
        assertThat(half.value()).isEqualTo(0.5);
        assertThat(half.alertId()).isEqualTo("DNS_NXDOMAIN_RATIO:dns:shop/web");
        assertThat(kind(rules.dns(dns(w(0), "c", 19, Map.of("NXDOMAIN", 19L), null, List.of())), AlertKind.DNS_NXDOMAIN_RATIO)
                .holds()).isFalse();
    }

    @Test
    void servfailCountsRefusedToo() {
        // 3 SERVFAIL + 2 REFUSED = 5 of 50 responses = 0.1
        Observation fail = kind(rules.dns(dns(w(0), "c", 50, Map.of("NOERROR", 45L, "SERVFAIL", 3L, "REFUSED", 2L), null,
                List.of())), AlertKind.DNS_SERVFAIL);
        assertThat(fail.holds()).isTrue();
        assertThat(fail.value()).isEqualTo(0.1);
        // 4 of 10 is a high ratio but fewer than 5 failures
        assertThat(kind(rules.dns(dns(w(0), "c", 10, Map.of("NOERROR", 6L, "SERVFAIL", 4L), null, List.of())),
                AlertKind.DNS_SERVFAIL).holds()).isFalse();
        // 5 of 51 = 0.098
        assertThat(kind(rules.dns(dns(w(0), "c", 51, Map.of("NOERROR", 46L, "SERVFAIL", 5L), null, List.of())),
                AlertKind.DNS_SERVFAIL).holds()).isFalse();
    }

    @Test
    void dnsLatency() {
        Map<String, Long> twenty = Map.of("NOERROR", 20L);
        assertThat(kind(rules.dns(dns(w(0), "c", 20, twenty, 500.0, List.of())), AlertKind.DNS_LATENCY).holds()).isTrue();
        assertThat(kind(rules.dns(dns(w(0), "c", 20, twenty, 499.999, List.of())), AlertKind.DNS_LATENCY).holds()).isFalse();
        assertThat(kind(rules.dns(dns(w(0), "c", 19, Map.of("NOERROR", 19L), 900.0, List.of())), AlertKind.DNS_LATENCY)
                .holds()).isFalse();
        Observation none = kind(rules.dns(dns(w(0), "c", 20, twenty, null, List.of())), AlertKind.DNS_LATENCY);
        assertThat(none.holds()).isFalse();
        assertThat(none.value()).isZero();
    }

    @Test
    void suspiciousNames() {
        Observation one = kind(rules.dns(dns(w(0), "c", 1, Map.of(), null, List.of("x7kq9zp2mw4vb8nj3rt6.evil."))),
                AlertKind.DNS_SUSPICIOUS_NAME);
        assertThat(one.holds()).isTrue();
        assertThat(one.value()).isEqualTo(1);
        assertThat(one.threshold()).isEqualTo(1);
        assertThat(one.description()).isEqualTo("c requested 1 DGA-like name, e.g. x7kq9zp2mw4vb8nj3rt6.evil.");
        assertThat(kind(rules.dns(dns(w(0), "c", 1, Map.of(), null, List.of())), AlertKind.DNS_SUSPICIOUS_NAME).holds()).isFalse();
    }

    @Test
    void crossSubnetLatencyAndJitter() {
        List<Observation> both = rules.latency(handshake(w(0), "subnet", "lab-a", "lab-b", 10, 200, 30));
        assertThat(both).extracting(Observation::alertId)
                .containsExactly("XSUBNET_LATENCY:subnet:lab-a->lab-b", "XSUBNET_JITTER:subnet:lab-a->lab-b");
        assertThat(both).allMatch(Observation::holds);
        assertThat(rules.latency(handshake(w(0), "subnet", "lab-a", "lab-b", 9, 900, 90))).noneMatch(Observation::holds);
        assertThat(rules.latency(handshake(w(0), "subnet", "lab-a", "lab-b", 10, 199.999, 29.999))).noneMatch(Observation::holds);
        assertThat(rules.latency(handshake(w(0), "subnet", "lab-a", "lab-a", 100, 900, 90))).isEmpty();
        assertThat(rules.latency(handshake(w(0), "node", "n1", "n2", 100, 900, 90))).isEmpty();
        assertThat(rules.latency(io.flowpulse.schemas.avro.LatencyWindow.newBuilder(handshake(w(0), "subnet", "a", "b", 100, 900, 90)).setKind("dns").build())).isEmpty();
    }

    @Test
    void lostEvents() {
        Observation lost = rules.lostEvents(new NodeLostEvents("node-1", 2, 1200));
        assertThat(lost.holds()).isTrue();
        assertThat(lost.alertId()).isEqualTo("LOST_EVENTS:node:node-1");
        assertThat(lost.value()).isEqualTo(1200);
        assertThat(lost.description()).isEqualTo("Hubble on node node-1 lost 1200 events (2 lost-events reports)");
        assertThat(rules.lostEvents(new NodeLostEvents("node-1", 1, 0)).holds()).isFalse();
    }

    @Test
    void volumeSpikeBaselineIsTheEwmaOfEarlierWindows() {
        AlertThresholds t = AlertThresholds.DEFAULTS;
        // b1 = 10; b2 = 0.3*20 + 0.7*10 = 13; b3 = 0.3*30 + 0.7*13 = 18.1
        DnsVolumeHistory history = DnsVolumeHistory.EMPTY.next(10, 0.3).next(20, 0.3).next(30, 0.3);
        assertThat(history.windows()).isEqualTo(3);
        assertThat(history.baseline()).isCloseTo(18.1, org.assertj.core.data.Offset.offset(1e-9));
        // threshold max(50, 4 * 18.1 = 72.4)
        Observation spike = history.observe("c", 73, t);
        assertThat(spike.holds()).isTrue();
        assertThat(spike.threshold()).isCloseTo(72.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(history.observe("c", 72, t).holds()).isFalse();
        // with a small baseline the floor of 50 queries applies
        DnsVolumeHistory quiet = DnsVolumeHistory.EMPTY.next(1, 0.3).next(1, 0.3).next(1, 0.3);
        assertThat(quiet.observe("c", 49, t).holds()).isFalse();
        assertThat(quiet.observe("c", 50, t).threshold()).isEqualTo(50);
        assertThat(quiet.observe("c", 50, t).holds()).isTrue();
        // two earlier windows are not enough
        assertThat(DnsVolumeHistory.EMPTY.next(1, 0.3).next(1, 0.3).observe("c", 10_000, t).holds()).isFalse();
        assertThat(DnsVolumeHistory.CODEC.decode(DnsVolumeHistory.CODEC.encode(history))).isEqualTo(history);
    }
}
