package io.flowpulse.flink.operators;

import static io.flowpulse.flink.operators.OperatorFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.flink.JobParams;
import io.flowpulse.flink.model.WindowPart;
import io.flowpulse.streams.topology.TopologySettings;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Stage 2 alone: partials of several partitions merge, a window closes on the watermark, late partials are dropped. */
class FlinkFinalWindowsTest {

    final JobParams params = JobParams.of(TopologySettings.builder().build(), "http://127.0.0.1:1");
    final FinalRecords finals = new FinalRecords(params.aggregateTypes(), params.windowSize());
    final long w0 = T0.toEpochMilli();
    final long w1 = T0.plusSeconds(60).toEpochMilli();

    KeyedOneInputStreamOperatorTestHarness<String, WindowPart, WindowPart> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new FinalWindowsFunction(params),
                WindowPart::aggregateKey, Types.STRING);
    }

    @Test
    void partialsOfAllPartitionsMergeAndTheWindowClosesWhenTheWatermarkPassesItsEnd() throws Exception {
        try (var harness = harness()) {
            harness.processElement(OperatorFixtures.lostPart("node-1", w0, 2), 0);
            harness.processElement(OperatorFixtures.lostPart("node-1", w0, 3), 0);
            harness.processElement(OperatorFixtures.lostPart("node-1", w1, 7), 0);
            harness.processWatermark(w0 + 59_998);
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.processWatermark(w0 + 59_999);
            assertThat(harness.extractOutputValues()).singleElement().satisfies(part -> {
                assertThat(part.windowStart).isEqualTo(w0);
                assertThat(part.outputKey).isEqualTo("node-1");
                assertThat(finals.lostEvents(part).eventsLost()).isEqualTo(5);
                assertThat(finals.lostEvents(part).records()).isEqualTo(2);
            });
        }
    }

    @Test
    void aPartialForAClosedWindowIsNotAdded() throws Exception {
        try (var harness = harness()) {
            harness.processElement(OperatorFixtures.lostPart("node-1", w0, 2), 0);
            harness.processWatermark(w1);
            harness.processElement(OperatorFixtures.lostPart("node-1", w0, 40), 0);
            harness.processWatermark(Long.MAX_VALUE);
            assertThat(harness.extractOutputValues()).extracting(p -> finals.lostEvents(p).eventsLost()).containsExactly(2L);
        }
    }

    @Test
    void openWindowsSurviveASnapshot() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.processElement(OperatorFixtures.lostPart("node-2", w0, 4), 0);
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<String, WindowPart, WindowPart>(
                new KeyedProcessOperator<>(new FinalWindowsFunction(params)), WindowPart::aggregateKey, Types.STRING)) {
            restored.setup();
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(OperatorFixtures.lostPart("node-2", w0, 1), 0);
            restored.processWatermark(Long.MAX_VALUE);
            assertThat(restored.extractOutputValues()).extracting(p -> finals.lostEvents(p).eventsLost()).containsExactly(5L);
        }
    }
}
