package io.flowpulse.ingest.protowire;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.capture.HubbleLineParser;
import io.flowpulse.ingest.mapping.EventTimeBounds;
import io.flowpulse.ingest.mapping.FlowMapper;
import io.flowpulse.ingest.mapping.FlowMappingException;
import io.flowpulse.ingest.mapping.MappedEvent;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.hubble.RecordedCaptures;
import io.flowpulse.simulator.testing.SimulatedCaptures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the replay's mapping: for every event, the Flow made from the line parser's
 * protobuf bytes must equal the record FlowMapper makes of the parsed event, and whatever the bytes
 * path leaves (lost events, node status, flows FlowMapper refuses, lines the parser's fast path left
 * to HubbleJson) must go to FlowMapper.
 */
class FlowViewMapperTest {

    private static final String FLOW_AT = "{\"flow\":{\"time\":\"%s\",\"node_name\":\"%s\",\"verdict\":\"FORWARDED\"}}";

    private final FlowMapper reference = new FlowMapper(EventTimeBounds.DEFAULTS);
    private final FlowViewMapper fromBytes = new FlowViewMapper(EventTimeBounds.DEFAULTS);
    private final HubbleLineParser parser = new HubbleLineParser();

    @Test
    void recordedCaptureLinesMapAsFlowMapperMapsThem() throws Exception {
        Outcomes outcomes = mapLines(RecordedCaptures.allLines());
        assertThat(outcomes.fromBytes).isEqualTo(outcomes.referenceFlows).isGreaterThan(1_500);
    }

    @Test
    void simulatedCaptureWithEveryFaultMapsAsFlowMapperMapsIt() throws Exception {
        Outcomes outcomes = mapLines(SimulatedCaptures.lines(11, Duration.ofMinutes(20), 0.1));
        assertThat(outcomes.fromBytes).isEqualTo(outcomes.referenceFlows).isGreaterThan(30_000);
        assertThat(outcomes.lostEvents).isPositive();
        assertThat(outcomes.leftToReference).isGreaterThanOrEqualTo(outcomes.lostEvents);
    }

    @Test
    void eventsTheBytesPathLeavesGoToFlowMapper() throws Exception {
        Outcomes outcomes = mapLines(List.of(
                "{\"lost_events\":{\"source\":\"PERF_EVENT_RING_BUFFER\",\"num_events_lost\":\"3\"},"
                        + "\"node_name\":\"k8s-a\",\"time\":\"2024-05-01T10:00:00Z\"}",
                "{\"node_status\":{\"state_change\":\"NODE_CONNECTED\",\"node_names\":[\"k8s-a\"]}}",
                FLOW_AT.formatted("1999-12-31T23:59:59Z", "k8s-a"),
                FLOW_AT.formatted(Instant.now().plus(Duration.ofDays(3)), "k8s-a"),
                FLOW_AT.formatted("2024-05-01T10:00:00Z", ""),
                "{\"flow\":{\"node_name\":\"k8s-a\"}}",
                "{\"flow\":{\"time\":\"2024-05-01T10:00:00Z\",\"node_name\":\"k8s-a\",\"verdict\":99}}",
                "{\"flow\":{\"time\":\"2024-05-01T10:00:00.123456789+02:00\",\"node_name\":\"k8s-a\"}}",
                FLOW_AT.formatted("2024-05-01T10:00:00.123456789Z", "cluster-1/k8s-b")));
        assertThat(outcomes.leftToReference).isEqualTo(7);
        assertThat(outcomes.fromBytes).isEqualTo(2);
        assertThat(outcomes.refused).isEqualTo(4);
    }

    @Test
    void randomFlowsMapAsFlowMapperMapsThemWheneverTheBytesPathTakesThem() {
        EventTimeBounds anyTime = new EventTimeBounds(Instant.MIN, Duration.ofSeconds(Long.MAX_VALUE),
                Clock.systemUTC());
        FlowMapper anyTimeReference = new FlowMapper(anyTime);
        FlowViewMapper anyTimeFromBytes = new FlowViewMapper(anyTime);
        Random random = new Random(23);
        int taken = 0;
        for (int i = 0; i < 20_000; i++) {
            GetFlowsResponse response = RandomFlows.response(random);
            Flow flow = anyTimeFromBytes.map(response.toByteArray());
            SpecificRecord expected;
            try {
                expected = anyTimeReference.map(response).record();
            } catch (FlowMappingException e) {
                assertThat(flow).as("refused by FlowMapper: %s", response).isNull();
                continue;
            }
            assertThat(flow).as("taken by the bytes path: %s", response).isNotNull().isEqualTo(expected);
            taken++;
        }
        assertThat(taken).isGreaterThan(15_000);
    }

    /** Counts of what each line became; asserts on the way that both paths agree on every line. */
    private Outcomes mapLines(List<String> lines) throws Exception {
        Outcomes outcomes = new Outcomes();
        for (String line : lines) {
            byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
            HubbleLineParser.Parsed parsed = parser.parseWithProtobuf(utf8, utf8.length);
            Flow flow = parsed.protobuf() == null ? null : fromBytes.map(parsed.protobuf());
            MappedEvent expected;
            try {
                expected = reference.map(parsed.event());
            } catch (FlowMappingException e) {
                assertThat(flow).as("refused by FlowMapper: %s", line).isNull();
                outcomes.refused++;
                outcomes.leftToReference++;
                continue;
            }
            if (expected.kind() == MappedEvent.Kind.FLOW) {
                outcomes.referenceFlows++;
            } else if (expected.kind() == MappedEvent.Kind.LOST_EVENTS) {
                outcomes.lostEvents++;
            }
            if (flow == null) {
                outcomes.leftToReference++;
                continue;
            }
            assertThat(flow).as("mapped from bytes: %s", line).isEqualTo(expected.record());
            assertThat(flow.toString()).isEqualTo(expected.record().toString());
            outcomes.fromBytes++;
        }
        return outcomes;
    }

    private static final class Outcomes {
        int fromBytes;
        int referenceFlows;
        int lostEvents;
        int leftToReference;
        int refused;
    }
}
