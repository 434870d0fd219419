package io.flowpulse.flink.operators;

import static io.flowpulse.flink.operators.OperatorFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.flink.JobParams;
import io.flowpulse.flink.model.FlowsRecord;
import io.flowpulse.flink.model.NodeUpdate;
import io.flowpulse.flink.model.WindowPart;
import io.flowpulse.flink.testing.SyntheticCapture;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.registry.StubRegistry;
import io.flowpulse.streams.topology.LatencyAggregateType;
import io.flowpulse.streams.topology.LinkAggregateType;
import io.flowpulse.streams.topology.LostEventsAggregateType;
import io.flowpulse.streams.topology.TopologySettings;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stage 1 alone, in Flink's operator test harness: per-partition clock and lateness, handshakes, markers, state. */
class FlinkPartitionWindowsTest {

    StubRegistry registry;
    OperatorFixtures fixtures;
    JobParams params;
    FinalRecords finals;

    @BeforeEach
    void setUp() throws Exception {
        registry = new StubRegistry();
        fixtures = new OperatorFixtures(registry.url());
        params = OperatorFixtures.params(registry.url());
        finals = new FinalRecords(params.aggregateTypes(), params.windowSize());
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    KeyedBroadcastOperatorTestHarness<Integer, FlowsRecord, NodeUpdate, WindowPart> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new PartitionWindowsFunction(params),
                record -> record.partition, Types.INT, PartitionWindowsFunction.NODES);
    }

    static List<WindowPart> parts(KeyedBroadcastOperatorTestHarness<?, ?, ?, WindowPart> harness, char tag) {
        return harness.extractOutputValues().stream().filter(p -> p.tag == tag).collect(Collectors.toList());
    }

    @Test
    void aRecordIsLateOnlyWhenItsOwnPartitionHasClosedItsWindow() throws Exception {
        try (var harness = harness()) {
            harness.processElement(fixtures.record(0, OperatorFixtures.tcp(T0.plusSeconds(5), 0)), 0);
            // partition 0 reaches 10:01:15: window 10:00 ends + 10 s grace before that, so it closes
            harness.processElement(fixtures.record(0, OperatorFixtures.tcp(T0.plusSeconds(75), 0)), 0);
            assertThat(parts(harness, LinkAggregateType.TAG)).hasSize(3)
                    .allSatisfy(p -> assertThat(p.windowStart).isEqualTo(T0.toEpochMilli()));
            // another event of window 10:00: late in partition 0, on time in partition 1
            harness.processElement(fixtures.record(0, OperatorFixtures.tcp(T0.plusSeconds(30), 0)), 0);
            harness.processElement(fixtures.record(1, OperatorFixtures.tcp(T0.plusSeconds(30), 1)), 0);
            assertThat(parts(harness, LinkAggregateType.TAG)).hasSize(3);
            harness.processElement(FlowsRecord.endMarker(1, 99, 0), 0);

            List<LinkWindow> windows = parts(harness, LinkAggregateType.TAG).stream()
                    .filter(p -> p.windowStart == T0.toEpochMilli())
                    .map(p -> (LinkWindow) finals.of(p)).filter(l -> l.getLevel().equals("node")).toList();
            assertThat(windows).extracting(l -> l.getSrc() + "->" + l.getDst() + "=" + l.getForwarded())
                    .containsExactlyInAnyOrder("node-0->node-1=1", "node-1->node-2=1");
            assertThat(harness.getSideOutput(PartitionWindowsFunction.WINDOWS_SEEN)).extracting(r -> r.getValue().windowStart)
                    .containsExactly(T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli(), T0.toEpochMilli());
        }
    }

    @Test
    void handshakeAtANodeBecomesASampleOfTheSynsWindow() throws Exception {
        try (var harness = harness()) {
            harness.processElement(fixtures.record(2, OperatorFixtures.tcp(T0.plusMillis(59_990), 3, "SYN")), 0);
            harness.processElement(fixtures.record(2, OperatorFixtures.synAck(T0.plusMillis(60_014), 3)), 0);
            harness.processElement(FlowsRecord.endMarker(2, 99, 0), 0);
            List<LatencyWindow> samples = parts(harness, LatencyAggregateType.TAG).stream()
                    .map(p -> (LatencyWindow) finals.of(p)).toList();
            assertThat(samples).extracting(l -> l.getLevel() + "|" + l.getKind() + "|" + l.getSrc() + "|" + l.getDst())
                    .containsExactlyInAnyOrder("node|tcp_handshake|node-3|node-4", "subnet|tcp_handshake|lab-1|lab-0");
            assertThat(samples).allSatisfy(l -> {
                assertThat(l.getWindowStart()).isEqualTo(T0);
                assertThat(l.getSamples()).isEqualTo(1);
                assertThat(l.getP50Ms()).isEqualTo(24.0);
            });
        }
    }

    @Test
    void unreadableRecordsGoToTheDeadLetters() throws Exception {
        try (var harness = harness()) {
            harness.processElement(FlowsRecord.invalid(0, 7, "node-0", 0, new byte[] {1, 2}, "not Avro"), 0);
            harness.processElement(FlowsRecord.value(0, 8, "node-0", 0, new byte[] {0, 0, 0, 0, 42, 1}), 0);
            assertThat(harness.getSideOutput(PartitionWindowsFunction.DEAD_LETTERS))
                    .extracting(r -> r.getValue().offset + ":" + r.getValue().reason.substring(0, 8))
                    .containsExactly("7:not Avro", "8:cannot d");
            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void openWindowsAndPendingHandshakesSurviveASnapshot() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.processElement(fixtures.record(0, OperatorFixtures.lost(T0.plusSeconds(1), "node-0", 5)), 0);
            harness.processElement(fixtures.record(0, OperatorFixtures.tcp(T0.plusSeconds(2), 0, "SYN")), 0);
            snapshot = harness.snapshot(1, 1);
        }
        KeyedBroadcastOperatorTestHarness<Integer, FlowsRecord, NodeUpdate, WindowPart> restored =
                new KeyedBroadcastOperatorTestHarness<>(
                        new org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator<>(
                                new PartitionWindowsFunction(params), List.of(PartitionWindowsFunction.NODES)),
                        (FlowsRecord r) -> r.partition, Types.INT, 1, 1, 0);
        try (restored) {
            restored.setup();
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(fixtures.record(0, OperatorFixtures.synAck(T0.plusMillis(2_003), 0)), 0);
            restored.processElement(FlowsRecord.endMarker(0, 99, 0), 0);
            assertThat(parts(restored, LostEventsAggregateType.TAG)).extracting(p -> finals.lostEvents(p).eventsLost())
                    .containsExactly(5L);
            assertThat(parts(restored, LatencyAggregateType.TAG)).hasSize(2)
                    .allSatisfy(p -> assertThat(((LatencyWindow) finals.of(p)).getP50Ms()).isEqualTo(3.0));
        }
    }

    /** The TCP event of {@link OperatorFixtures#tcp} from workload {@code web-<i>} instead of web. */
    static Flow fromWorkload(int i) {
        Flow flow = OperatorFixtures.tcp(T0.plusSeconds(1 + i), 0);
        return Flow.newBuilder(flow).setSource(OperatorFixtures.pod(0, "web-" + i)).build();
    }

    @Test
    void keysBeyondTheLimitFoldIntoTheOverflowKeyAlsoAfterARestore() throws Exception {
        // 4 link keys per window: web-0 -> api (with the node and subnet links of every flow) and web-1 -> api
        params = JobParams.of(TopologySettings.builder().topologyNodes(SyntheticCapture.nodes()).maxKeysPerWindow(4)
                .build(), registry.url());
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            for (int i = 0; i < 5; i++) {
                harness.processElement(fixtures.record(0, fromWorkload(i)), 0);
            }
            snapshot = harness.snapshot(1, 1);
        }
        KeyedBroadcastOperatorTestHarness<Integer, FlowsRecord, NodeUpdate, WindowPart> restored =
                new KeyedBroadcastOperatorTestHarness<>(
                        new org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator<>(
                                new PartitionWindowsFunction(params), List.of(PartitionWindowsFunction.NODES)),
                        (FlowsRecord r) -> r.partition, Types.INT, 1, 1, 0);
        try (restored) {
            restored.setup();
            restored.initializeState(snapshot);
            restored.open();
            // the window still holds 4 keys after the restore, so web-5 folds too
            restored.processElement(fixtures.record(0, fromWorkload(5)), 0);
            restored.processElement(FlowsRecord.endMarker(0, 99, 0), 0);
            List<LinkWindow> workloads = parts(restored, LinkAggregateType.TAG).stream()
                    .map(p -> (LinkWindow) finals.of(p)).filter(l -> l.getLevel().equals("workload")).toList();
            assertThat(workloads).extracting(l -> l.getSrc() + "->" + l.getDst() + "=" + l.getForwarded())
                    .containsExactlyInAnyOrder("shop/web-0->shop/api=1", "shop/web-1->shop/api=1",
                            "(overflow)->(overflow)=4");
        }
    }
}
