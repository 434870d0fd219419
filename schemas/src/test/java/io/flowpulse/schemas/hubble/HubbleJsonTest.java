package io.flowpulse.schemas.hubble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.flowpulse.hubble.flow.FlowProtos.LostEventSource;
import io.flowpulse.hubble.flow.FlowProtos.TrafficDirection;
import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import io.flowpulse.hubble.observer.ObserverProtos.ExportEvent;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HubbleJsonTest {

    /** Lines per file as documented in SOURCES.md. */
    static final Map<String, Integer> EXPECTED_LINES = Map.of(
            "basic-sample-10-flows.json", 10,
            "basic-sample-330-dns-flows.json", 330,
            "basic-sample-348-http-flows.json", 348,
            "basic-sample-5-dns-flows.json", 5,
            "basic-sample-5-http-flows.json", 5,
            "basic-sample-400-icmpv4-flows.json", 18,
            "basic-sample-400-l7-redirected-flows.json", 400,
            "basic-sample-400-tcp-flows.json", 400,
            "basic-sample-400-udp-flows.json", 400);

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> captures() {
        return RecordedCaptures.FILES.stream();
    }

    static List<String> lines(String capture) {
        return RecordedCaptures.lines(capture);
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyRecordedLineParsesAndPrintsBackToTheModelledPartOfTheOriginal(String capture) throws Exception {
        List<String> lines = lines(capture);
        assertThat(lines).hasSize(EXPECTED_LINES.get(capture));

        int lineNumber = 0;
        for (String line : lines) {
            lineNumber++;
            GetFlowsResponse response = HubbleJson.parseResponse(line);
            assertThat(response.hasFlow()).as("%s:%d has a flow", capture, lineNumber).isTrue();

            JsonNode expected = JSON.readTree(line);
            Set<String> dropped = new TreeSet<>();
            removeUnmodelledKeys(expected, GetFlowsResponse.getDescriptor(), "", dropped);
            JsonNode printed = JSON.readTree(HubbleJson.print(response));

            assertThat(printed).as("%s:%d printed back (unmodelled keys removed: %s)", capture, lineNumber, dropped)
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void parseLineAgreesWithParseResponse(String capture) throws Exception {
        for (String line : lines(capture)) {
            ExportEvent event = HubbleJson.parseLine(line);
            assertThat(HubbleJson.toResponse(event)).isEqualTo(HubbleJson.parseResponse(line));
        }
    }

    @Test
    void pruningRemovesExactlyTheKeysOurProtosDoNotModel() throws Exception {
        // The recorded captures (Cilium <= 1.10) hold no key our protos leave out, so the pruning
        // used by the round-trip test is checked here on keys of a newer agent.
        JsonNode tree = JSON.readTree("{\"flow\":{\"verdict\":\"FORWARDED\",\"future_field\":{\"a\":1},"
                + "\"source\":{\"identity\":2,\"future_endpoint_field\":\"x\"}},\"agent_event\":{}}");
        Set<String> dropped = new TreeSet<>();
        removeUnmodelledKeys(tree, GetFlowsResponse.getDescriptor(), "", dropped);
        assertThat(dropped).containsExactly("agent_event", "flow.future_field", "flow.source.future_endpoint_field");
        assertThat(tree).isEqualTo(JSON.readTree("{\"flow\":{\"verdict\":\"FORWARDED\",\"source\":{\"identity\":2}}}"));
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        String line = "{\"flow\":{\"time\":\"2025-01-02T03:04:05.123456789Z\",\"verdict\":\"DROPPED\","
                + "\"some_future_field\":{\"nested\":[1,2,3]},\"another\":\"x\","
                + "\"source\":{\"identity\":42,\"future_endpoint_field\":true}},"
                + "\"node_name\":\"kind-worker\",\"time\":\"2025-01-02T03:04:05.123456789Z\",\"future_top\":7}";

        GetFlowsResponse response = HubbleJson.parseResponse(line);

        assertThat(response.getFlow().getVerdict()).isEqualTo(Verdict.DROPPED);
        assertThat(response.getFlow().getSource().getIdentity()).isEqualTo(42);
        assertThat(response.getFlow().getTime().getSeconds()).isEqualTo(1735787045L);
        assertThat(response.getFlow().getTime().getNanos()).isEqualTo(123456789);
        assertThat(response.getNodeName()).isEqualTo("kind-worker");
    }

    @Test
    void unknownEnumNamesBecomeZero() throws Exception {
        String line = "{\"flow\":{\"verdict\":\"SOME_FUTURE_VERDICT\",\"traffic_direction\":\"SIDEWAYS\","
                + "\"drop_reason_desc\":\"A_DROP_REASON_FROM_2030\",\"IP\":{\"source\":\"10.0.0.1\"}},"
                + "\"node_name\":\"n1\"}";

        GetFlowsResponse response = HubbleJson.parseResponse(line);

        assertThat(response.getFlow().getVerdictValue()).isZero();
        assertThat(response.getFlow().getVerdict()).isEqualTo(Verdict.VERDICT_UNKNOWN);
        assertThat(response.getFlow().getTrafficDirection()).isEqualTo(TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN);
        assertThat(response.getFlow().getDropReasonDescValue()).isZero();
        assertThat(response.getFlow().getIP().getSource()).isEqualTo("10.0.0.1");
    }

    @Test
    void numericEnumValuesAreAccepted() throws Exception {
        GetFlowsResponse response = HubbleJson.parseResponse("{\"flow\":{\"verdict\":2,\"drop_reason_desc\":181}}");

        assertThat(response.getFlow().getVerdict()).isEqualTo(Verdict.DROPPED);
        assertThat(response.getFlow().getDropReasonDesc().name()).isEqualTo("POLICY_DENY");
    }

    @Test
    void lostEventsLineParses() throws Exception {
        String line = "{\"lost_events\":{\"source\":\"HUBBLE_RING_BUFFER\",\"num_events_lost\":\"1234\",\"cpu\":3},"
                + "\"node_name\":\"kind-worker2\",\"time\":\"2025-03-04T05:06:07.5Z\"}";

        ExportEvent event = HubbleJson.parseLine(line);

        assertThat(event.getResponseTypesCase()).isEqualTo(ExportEvent.ResponseTypesCase.LOST_EVENTS);
        assertThat(event.getLostEvents().getSource()).isEqualTo(LostEventSource.HUBBLE_RING_BUFFER);
        assertThat(event.getLostEvents().getNumEventsLost()).isEqualTo(1234L);
        assertThat(event.getLostEvents().hasCpu()).isTrue();
        assertThat(event.getLostEvents().getCpu().getValue()).isEqualTo(3);
        assertThat(event.getNodeName()).isEqualTo("kind-worker2");
        assertThat(event.getTime().getNanos()).isEqualTo(500_000_000);
        assertThat(HubbleJson.toResponse(event).getLostEvents().getNumEventsLost()).isEqualTo(1234L);
        assertThat(JSON.readTree(HubbleJson.print(HubbleJson.toResponse(event))))
                .isEqualTo(JSON.readTree("{\"lost_events\":{\"source\":\"HUBBLE_RING_BUFFER\",\"num_events_lost\":\"1234\","
                        + "\"cpu\":3},\"node_name\":\"kind-worker2\",\"time\":\"2025-03-04T05:06:07.500Z\"}"));
    }

    @Test
    void agentEventLineParsesAsAnEventWithoutFlow() throws Exception {
        String line = "{\"agent_event\":{\"type\":\"ENDPOINT_REGENERATE_SUCCESS\",\"endpoint_regenerate\":"
                + "{\"id\":\"1234\",\"labels\":[\"k8s:app=web\"]}},\"node_name\":\"kind-worker\","
                + "\"time\":\"2025-03-04T05:06:07Z\"}";

        ExportEvent event = HubbleJson.parseLine(line);

        assertThat(event.getResponseTypesCase()).isEqualTo(ExportEvent.ResponseTypesCase.RESPONSETYPES_NOT_SET);
        assertThat(event.getNodeName()).isEqualTo("kind-worker");
        assertThat(event.getTime().getSeconds()).isEqualTo(1741064767L);
    }

    @Test
    void nodeStatusLineParses() throws Exception {
        String line = "{\"node_status\":{\"state_change\":\"NODE_UNAVAILABLE\",\"node_names\":[\"kind-worker3\"],"
                + "\"message\":\"connection refused\"},\"time\":\"2025-03-04T05:06:07Z\"}";

        GetFlowsResponse response = HubbleJson.parseResponse(line);

        assertThat(response.hasNodeStatus()).isTrue();
        assertThat(response.getNodeStatus().getNodeNamesList()).containsExactly("kind-worker3");
        assertThat(response.getNodeStatus().getStateChange().name()).isEqualTo("NODE_UNAVAILABLE");
    }

    @Test
    void truncatedLineThrowsWithTheCause() {
        String line = "{\"flow\":{\"time\":\"2021-11-10T10:40:56.465597700Z\",\"verdict\":\"FORWA";

        assertThatThrownBy(() -> HubbleJson.parseLine(line))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageFindingMatch("(?i)(end of input|unterminated|malformed|eof)");
    }

    @Test
    void wrongTypeThrowsNamingTheField() {
        assertThatThrownBy(() -> HubbleJson.parseLine("{\"flow\":{\"l4\":{\"TCP\":{\"source_port\":\"eighty\"}}}}"))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("eighty");
        assertThatThrownBy(() -> HubbleJson.parseLine("{\"flow\":{\"source\":\"not an object\"}}"))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("not an object");
        assertThatThrownBy(() -> HubbleJson.parseLine("{\"flow\":{\"time\":\"yesterday\"}}"))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("yesterday");
    }

    @Test
    void nonObjectLinesThrow() {
        for (String line : List.of("[1,2,3]", "42", "\"flow\"", "null", "not json at all")) {
            assertThatThrownBy(() -> HubbleJson.parseLine(line)).as(line)
                    .isInstanceOf(InvalidProtocolBufferException.class)
                    .hasMessageContaining("Expect message object");
        }
    }

    @Test
    void textAfterTheObjectIsAnErrorNotSilentlyDropped() throws Exception {
        String flow = lines("basic-sample-5-dns-flows.json").get(0);

        assertThatThrownBy(() -> HubbleJson.parseLine(flow + flow))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("unexpected text after the end of the JSON object at column " + (flow.length() + 1));
        assertThatThrownBy(() -> HubbleJson.parseResponse("{\"flow\":{}} trailing"))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("column 13: trailing");
        // braces and escaped quotes inside strings do not end the object early
        ExportEvent event = HubbleJson.parseLine(
                "  {\"flow\":{\"Summary\":\"a } b \\\" ] { c\"},\"node_name\":\"n\"}  \r");
        assertThat(event.getFlow().getSummary()).isEqualTo("a } b \" ] { c");
    }

    /**
     * Removes, in place, every object key that our protos do not model, recursing into message
     * fields; well-known types (Timestamp, wrappers) are leaves in Hubble's JSON.
     */
    static void removeUnmodelledKeys(JsonNode node, Descriptor descriptor, String path, Set<String> dropped) {
        if (!(node instanceof ObjectNode object) || isWellKnownType(descriptor)) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            FieldDescriptor field = fieldByJsonKey(descriptor, entry.getKey());
            String fieldPath = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
            if (field == null) {
                dropped.add(fieldPath);
                fields.remove();
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (field.isRepeated() && entry.getValue() instanceof ArrayNode array) {
                    array.forEach(element -> removeUnmodelledKeys(element, field.getMessageType(), fieldPath, dropped));
                } else {
                    removeUnmodelledKeys(entry.getValue(), field.getMessageType(), fieldPath, dropped);
                }
            }
        }
    }

    private static FieldDescriptor fieldByJsonKey(Descriptor descriptor, String key) {
        for (FieldDescriptor field : descriptor.getFields()) {
            if (field.getName().equals(key) || field.getJsonName().equals(key)) {
                return field;
            }
        }
        return null;
    }

    private static boolean isWellKnownType(Descriptor descriptor) {
        return descriptor.getFile().getPackage().equals("google.protobuf");
    }
}
