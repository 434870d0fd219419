package io.flowpulse.streams.topology;

import static io.flowpulse.streams.logic.TestFlows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertsTest {

    static final List<String> DROP_RATE_IDS = List.of(
            "LINK_DROP_RATE:node:node-1->node-2",
            "LINK_DROP_RATE:subnet:lab-a->lab-b",
            "LINK_DROP_RATE:workload:shop/web->shop/db");

    TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(TopologySettings.builder().topologyNodes(LinkWindowsTest.NODES).build());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    void send(Flow flow) {
        harness.send(flow, flow.getTime(), flow.getNode());
    }

    /** 20 web -> db events in the window starting at {@code windowStart}, {@code dropped} of them dropped. */
    void webToDb(Instant windowStart, int dropped) {
        for (int i = 0; i < 20; i++) {
            send(LinkWindowsTest.webToDb(windowStart.plusSeconds(1 + i), i < dropped ? "DROPPED" : "FORWARDED"));
        }
    }

    @Test
    void dropRateAlertFiresOnceAndResolvesAtTheSecondCleanWindowEvenWithoutRecords() {
        webToDb(T0, 2);                                          // 2 / 20 = 0.1 >= 0.05: fires, CRITICAL (>= 2 x 0.05)
        webToDb(T0.plusSeconds(60), 3);                          // still firing: nothing emitted
        webToDb(T0.plusSeconds(120), 0);                         // 1st window without the condition
        send(LinkWindowsTest.worldToDb(T0.plusSeconds(181)));    // 2nd one: web -> db has no record at all
        harness.endOfStream(T0.plusSeconds(182));

        List<KeyValue<String, Alert>> alerts = harness.alerts.readKeyValuesToList();
        assertThat(alerts).extracting(kv -> kv.key + " " + kv.value.getState() + " " + kv.value.getWindowStart())
                .containsExactly(
                        DROP_RATE_IDS.get(0) + " FIRING " + T0,
                        DROP_RATE_IDS.get(1) + " FIRING " + T0,
                        DROP_RATE_IDS.get(2) + " FIRING " + T0,
                        DROP_RATE_IDS.get(0) + " RESOLVED " + T0.plusSeconds(180),
                        DROP_RATE_IDS.get(1) + " RESOLVED " + T0.plusSeconds(180),
                        DROP_RATE_IDS.get(2) + " RESOLVED " + T0.plusSeconds(180));
        Alert fired = alerts.get(0).value;
        assertThat(fired.getId()).isEqualTo(alerts.get(0).key);
        assertThat(fired.getKind()).isEqualTo("LINK_DROP_RATE");
        assertThat(fired.getSubject()).isEqualTo("node:node-1->node-2");
        assertThat(fired.getSeverity()).isEqualTo("CRITICAL");
        assertThat(fired.getValue()).isEqualTo(0.1);
        assertThat(fired.getThreshold()).isEqualTo(0.05);
        assertThat(fired.getWindowEnd()).isEqualTo(T0.plusSeconds(60));
        Alert resolved = alerts.get(3).value;
        assertThat(resolved.getValue()).isZero();
        assertThat(resolved.getWindowEnd()).isEqualTo(T0.plusSeconds(240));
        assertThat(harness.metrics.alerts("FIRING").count()).isEqualTo(3.0);
        assertThat(harness.metrics.alerts("RESOLVED").count()).isEqualTo(3.0);
    }

    @Test
    void anAlertStillFiringWhenTheReplayEndsStaysFiring() {
        webToDb(T0, 2);
        webToDb(T0.plusSeconds(60), 0);                          // only one clean window before the end
        harness.endOfStream(T0.plusSeconds(121));

        assertThat(harness.alerts.readValuesToList()).extracting(Alert::getState).containsOnly("FIRING").hasSize(3);
    }

    @Test
    void lostEventsOfANodeRaiseAnAlert() {
        LostEvents lost = LostEvents.newBuilder().setTime(T0.plusSeconds(5)).setNodeName("node-2").setNode("node-2")
                .setSource("PERF_EVENT_RING_BUFFER").setNumEventsLost(7).build();
        harness.send(lost, lost.getTime(), "node-2");
        harness.endOfStream(T0.plusSeconds(6));

        List<Alert> alerts = harness.alerts.readValuesToList();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getId()).isEqualTo("LOST_EVENTS:node:node-2");
        assertThat(alerts.get(0).getValue()).isEqualTo(7.0);
        assertThat(alerts.get(0).getState()).isEqualTo("FIRING");
    }
}
