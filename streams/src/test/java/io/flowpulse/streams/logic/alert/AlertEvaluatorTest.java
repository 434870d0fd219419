package io.flowpulse.streams.logic.alert;

import static io.flowpulse.streams.logic.alert.AlertFixtures.MINUTE;
import static io.flowpulse.streams.logic.alert.AlertFixtures.closed;
import static io.flowpulse.streams.logic.alert.AlertFixtures.handshake;
import static io.flowpulse.streams.logic.alert.AlertFixtures.link;
import static io.flowpulse.streams.logic.alert.AlertFixtures.queries;
import static io.flowpulse.streams.logic.alert.AlertFixtures.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.streams.logic.TimeWindow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {

    private static final String LINK_ID = "LINK_DROP_RATE:subnet:lab-a->lab-b";

    private AlertStores stores;
    private AlertEvaluator evaluator;

    @BeforeEach
    void setUp() {
        stores = AlertStores.inMemory();
        evaluator = new AlertEvaluator(AlertThresholds.DEFAULTS, MINUTE, stores);
    }

    /** forwarded + dropped = 100 with {@code dropped} drops, so the drop rate is dropped %. */
    private static LinkWindow abLink(TimeWindow window, long dropped) {
        return link(window, "subnet", "lab-a", "lab-b", 100 - dropped, dropped);
    }

    private List<Alert> close(TimeWindow window, LinkWindow... links) {
        return evaluator.onWindowClosed(closed(window, List.of(links)));
    }

    private List<Alert> closeDns(TimeWindow window, DnsWindow... dns) {
        return evaluator.onWindowClosed(new ClosedWindow(window, List.of(), List.of(dns), List.of(), List.of()));
    }

    @Test
    void firesOnceStaysQuietAndResolvesAtTheSecondWindowWithoutTheCondition() {
        List<Alert> fired = close(w(0), abLink(w(0), 7));
        assertThat(fired).hasSize(1);
        Alert firing = fired.get(0);
        assertThat(firing.getId()).isEqualTo(LINK_ID);
        assertThat(firing.getKind()).isEqualTo("LINK_DROP_RATE");
        assertThat(firing.getSubject()).isEqualTo("subnet:lab-a->lab-b");
        assertThat(firing.getState()).isEqualTo("FIRING");
        assertThat(firing.getSeverity()).isEqualTo("WARNING"); // 0.07 < 2 x 0.05
        assertThat(firing.getWindowStart()).isEqualTo(w(0).start());
        assertThat(firing.getWindowEnd()).isEqualTo(w(0).end());
        assertThat(firing.getValue()).isEqualTo(0.07);
        assertThat(firing.getThreshold()).isEqualTo(0.05);
        assertThat(firing.getMessage()).isEqualTo("7% of 100 events dropped on subnet link lab-a -> lab-b (threshold 5%)");

        assertThat(close(w(1), abLink(w(1), 20))).isEmpty();     // still firing, even worse: nothing
        assertThat(close(w(2), abLink(w(2), 1))).isEmpty();      // 1st window without the condition
        List<Alert> resolved = close(w(3), abLink(w(3), 2));     // 2nd: resolved, with this window's value
        assertThat(resolved).hasSize(1);
        Alert end = resolved.get(0);
        assertThat(end.getState()).isEqualTo("RESOLVED");
        assertThat(end.getId()).isEqualTo(LINK_ID);
        assertThat(end.getSeverity()).isEqualTo("WARNING");
        assertThat(end.getWindowStart()).isEqualTo(w(3).start());
        assertThat(end.getValue()).isEqualTo(0.02);
        assertThat(end.getThreshold()).isEqualTo(0.05);
        assertThat(end.getMessage()).startsWith("Resolved after 2 windows without the condition");
        assertThat(close(w(4), abLink(w(4), 1))).isEmpty();
        assertThat(stores.firing().keys()).isEmpty();
    }

    @Test
    void resolvesWhenTheKeyHasNoRecords() {
        close(w(0), abLink(w(0), 12));
        assertThat(close(w(1))).isEmpty();
        List<Alert> resolved = close(w(2));
        assertThat(resolved).extracting(Alert::getState, Alert::getValue, Alert::getThreshold, Alert::getSeverity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("RESOLVED", 0.0, 0.05, "CRITICAL"));
        assertThat(resolved.get(0).getWindowStart()).isEqualTo(w(2).start());
    }

    @Test
    void aWindowWithTheConditionInBetweenRestartsTheCount() {
        close(w(0), abLink(w(0), 10));
        assertThat(close(w(1))).isEmpty();
        assertThat(close(w(2), abLink(w(2), 6))).isEmpty();
        assertThat(close(w(3))).isEmpty();
        assertThat(close(w(4))).extracting(Alert::getState).containsExactly("RESOLVED");
    }

    @Test
    void skippedWindowsCountAsClosedWindowsWithoutRecords() {
        close(w(0), abLink(w(0), 10));
        // the next call is for 10:09; 10:01 and 10:02 closed without records in between
        List<Alert> changes = close(w(9), link(w(9), "node", "n1", "n2", 100, 0));
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).getState()).isEqualTo("RESOLVED");
        assertThat(changes.get(0).getWindowStart()).isEqualTo(w(2).start());
    }

    @Test
    void resolvesAgainAndFiresAgainAsNewEpisodes() {
        close(w(0), abLink(w(0), 10));
        close(w(1));
        close(w(2));
        List<Alert> again = close(w(3), abLink(w(3), 30));
        assertThat(again).extracting(Alert::getState, Alert::getSeverity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("FIRING", "CRITICAL")); // 0.30 >= 2 x 0.05
    }

    @Test
    void stillFiringAtTheEndStaysFiring() {
        close(w(0), abLink(w(0), 10));
        close(w(1), abLink(w(1), 10));
        // the replay ends here: no RESOLVED is ever produced, the state says firing
        assertThat(stores.firing().keys()).containsExactly(LINK_ID);
        assertThat(stores.firing().get(LINK_ID).firedWindowStart()).isEqualTo(w(0).start());
    }

    @Test
    void stateSurvivesARestartThroughTheCodecs() {
        evaluator.onWindowClosed(new ClosedWindow(w(0), List.of(abLink(w(0), 10)),
                List.of(queries(w(0), "shop/web", 10)), List.of(), List.of()));
        AlertStores restored = AlertStores.inMemory();
        for (String id : stores.firing().keys()) {
            restored.firing().put(id, AlertState.CODEC.decode(AlertState.CODEC.encode(stores.firing().get(id))));
        }
        restored.dnsHistory().put("shop/web", DnsVolumeHistory.CODEC.decode(
                DnsVolumeHistory.CODEC.encode(stores.dnsHistory().get("shop/web"))));
        restored.progress().put(AlertEvaluator.LAST_CLOSED, stores.progress().get(AlertEvaluator.LAST_CLOSED));
        AlertEvaluator afterRestart = new AlertEvaluator(AlertThresholds.DEFAULTS, MINUTE, restored);
        assertThat(afterRestart.onWindowClosed(closed(w(1), List.of(abLink(w(1), 10))))).isEmpty(); // no second FIRING
        assertThat(afterRestart.lastClosedWindowStart()).isEqualTo(w(1).start());
    }

    @Test
    void windowsMustCloseInOrder() {
        close(w(5));
        assertThatThrownBy(() -> close(w(5))).isInstanceOf(IllegalStateException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> close(w(3))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> evaluator.onWindowClosed(ClosedWindow.empty(
                TimeWindow.startingAt(w(6).start(), Duration.ofSeconds(30))))).hasMessageContaining("is not PT1M long");
    }

    @Test
    void recordsOfAnotherWindowAreRejectedAndDuplicatesCollapse() {
        assertThatThrownBy(() -> closed(w(1), List.of(abLink(w(0), 10))))
                .hasMessageContaining("not to the closed window starting " + w(1).start());
        ClosedWindow window = closed(w(0), List.of(abLink(w(0), 1), abLink(w(0), 10)));
        assertThat(window.links()).hasSize(1);
        assertThat(evaluator.onWindowClosed(window)).extracting(Alert::getValue).containsExactly(0.1);
    }

    @Test
    void volumeSpikeCountsOnlyWindowsWithDnsRecords() {
        closeDns(w(0), queries(w(0), "shop/web", 10));
        closeDns(w(1), queries(w(1), "shop/web", 20));
        closeDns(w(2));                                   // no DNS record: not part of the history
        closeDns(w(3), queries(w(3), "shop/web", 30));
        // baseline 18.1 after 10, 20, 30 -> threshold max(50, 72.4)
        List<Alert> spike = closeDns(w(4), queries(w(4), "shop/web", 80));
        assertThat(spike).hasSize(1);
        Alert alert = spike.get(0);
        assertThat(alert.getId()).isEqualTo("DNS_VOLUME_SPIKE:dns:shop/web");
        assertThat(alert.getValue()).isEqualTo(80);
        assertThat(alert.getThreshold()).isCloseTo(72.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(alert.getSeverity()).isEqualTo("WARNING");
        assertThat(alert.getMessage()).isEqualTo(
                "shop/web: 80 DNS queries in the window against a baseline of 18.1 over 3 earlier windows (threshold 72.4)");
        // the spike feeds the baseline: 0.3*80 + 0.7*18.1 = 36.67 -> threshold max(50, 146.68)
        assertThat(stores.dnsHistory().get("shop/web").baseline()).isCloseTo(36.67, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void everyKindIsEvaluatedAndEmittedInKindSubjectOrder() {
        TimeWindow window = w(0);
        DnsWindow dns = AlertFixtures.dns(window, "shop/web", 30,
                java.util.Map.of("NXDOMAIN", 15L, "SERVFAIL", 5L, "NOERROR", 10L), 1_200.0,
                List.of("x7kq9zp2mw4vb8nj3rt6.evil.", "q9w8e7r6t5y4u3i2o1p0.evil."));
        List<Alert> alerts = evaluator.onWindowClosed(new ClosedWindow(window,
                List.of(abLink(window, 5), link(window, "node", "n1", "n2", 90, 10)),
                List.of(dns),
                List.of(handshake(window, "subnet", "lab-a", "lab-b", 12, 450, 31)),
                List.of(new NodeLostEvents("node-1", 1, 3))));
        assertThat(alerts).extracting(Alert::getId).containsExactly(
                "DNS_LATENCY:dns:shop/web",
                "DNS_NXDOMAIN_RATIO:dns:shop/web",
                "DNS_SERVFAIL:dns:shop/web",
                "DNS_SUSPICIOUS_NAME:dns:shop/web",
                "LINK_DROP_RATE:node:n1->n2",
                "LINK_DROP_RATE:subnet:lab-a->lab-b",
                "LOST_EVENTS:node:node-1",
                "XSUBNET_JITTER:subnet:lab-a->lab-b",
                "XSUBNET_LATENCY:subnet:lab-a->lab-b");
        // 1200 >= 2 x 500; 0.5 < 2 x 0.5; 5/30 = 0.167 < 0.2; 2 >= 2 x 1; 0.1 >= 0.1; 0.05 < 0.1; 3 >= 2; 31 < 60; 450 >= 400
        assertThat(alerts).extracting(Alert::getSeverity).containsExactly(
                "CRITICAL", "WARNING", "WARNING", "CRITICAL", "CRITICAL", "WARNING", "CRITICAL", "WARNING", "CRITICAL");
        assertThat(alerts).allMatch(a -> a.getState().equals("FIRING"));
    }
}
