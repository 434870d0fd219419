package io.flowpulse.flink.operators;

import static io.flowpulse.flink.operators.OperatorFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.flink.JobParams;
import io.flowpulse.flink.kafka.AvroBinary;
import io.flowpulse.flink.model.AlertChange;
import io.flowpulse.flink.model.WindowPart;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.streams.topology.TopologySettings;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The alerts alone: a window is evaluated when the watermark passes it, in window order; windows that
 * only stage 1 saw count as closed windows without records, so an alert resolves in the 2nd of them.
 */
class FlinkAlertsTest {

    final JobParams params = JobParams.of(TopologySettings.builder().build(), "http://127.0.0.1:1");

    static long minute(int m) {
        return T0.plusSeconds(60L * m).toEpochMilli();
    }

    KeyedOneInputStreamOperatorTestHarness<Byte, WindowPart, AlertChange> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new AlertsFunction(params), part -> AlertsFunction.KEY,
                Types.BYTE);
    }

    static List<String> alerts(KeyedOneInputStreamOperatorTestHarness<Byte, WindowPart, AlertChange> harness) {
        return harness.extractOutputValues().stream().map(change -> AvroBinary.decode(change.alert, Alert.class))
                .map(a -> a.getState() + " " + a.getId() + " @" + Instant.ofEpochMilli(a.getWindowStart().toEpochMilli())
                        + " " + a.getSeverity()).toList();
    }

    @Test
    void lostEventsFireAndResolveInTheSecondWindowWithoutThem() throws Exception {
        try (var harness = harness()) {
            harness.processElement(WindowPart.windowSeen(minute(0)), 0);
            harness.processElement(OperatorFixtures.lostPart("node-1", minute(0), 3), 0);
            harness.processElement(WindowPart.windowSeen(minute(1)), 0);
            harness.processWatermark(minute(1) - 1);
            assertThat(alerts(harness)).containsExactly("FIRING LOST_EVENTS:node:node-1 @" + T0 + " CRITICAL");
            harness.processElement(WindowPart.windowSeen(minute(2)), 0);
            harness.processWatermark(minute(2) - 1);
            assertThat(alerts(harness)).hasSize(1);
            harness.processWatermark(Long.MAX_VALUE);
            assertThat(alerts(harness)).containsExactly("FIRING LOST_EVENTS:node:node-1 @" + T0 + " CRITICAL",
                    "RESOLVED LOST_EVENTS:node:node-1 @" + T0.plusSeconds(120) + " CRITICAL");
        }
    }

    @Test
    void anAlertStillFiringAtTheEndStaysFiring() throws Exception {
        try (var harness = harness()) {
            harness.processElement(OperatorFixtures.lostPart("node-1", minute(0), 1), 0);
            harness.processElement(WindowPart.windowSeen(minute(1)), 0);
            harness.processWatermark(Long.MAX_VALUE);
            assertThat(alerts(harness)).containsExactly("FIRING LOST_EVENTS:node:node-1 @" + T0 + " WARNING");
        }
    }

    @Test
    void recordsOfAnEvaluatedWindowAreIgnored() throws Exception {
        try (var harness = harness()) {
            harness.processElement(WindowPart.windowSeen(minute(0)), 0);
            harness.processElement(WindowPart.windowSeen(minute(1)), 0);
            harness.processWatermark(minute(2) - 1);
            harness.processElement(OperatorFixtures.lostPart("node-1", minute(0), 9), 0);
            harness.processWatermark(Long.MAX_VALUE);
            assertThat(alerts(harness)).isEmpty();
        }
    }
}
