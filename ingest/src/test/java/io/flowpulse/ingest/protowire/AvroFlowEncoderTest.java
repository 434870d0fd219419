package io.flowpulse.ingest.protowire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BoolValue;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.capture.HubbleLineParser;
import io.flowpulse.ingest.mapping.EventTimeBounds;
import io.flowpulse.ingest.mapping.FlowMapper;
import io.flowpulse.ingest.mapping.FlowMappingException;
import io.flowpulse.ingest.mapping.MappedEvent;
import io.flowpulse.schemas.hubble.HubbleJson;
import io.flowpulse.schemas.hubble.RecordedCaptures;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.schemas.serde.WireFormat;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The fast path must write exactly the bytes of the reference path (protobuf parse, FlowMapper,
 * Avro writer of the flows value schema behind the Confluent header), or step aside.
 */
class AvroFlowEncoderTest {

    private static final int SCHEMA_ID = 4242;

    /** Any time, as the encoder takes any: the time bounds are the pipeline's business. */
    private final FlowMapper mapper = new FlowMapper(new EventTimeBounds(Instant.MIN,
            Duration.ofSeconds(Long.MAX_VALUE), Clock.systemUTC()));
    private final SpecificDatumWriter<Object> writer = new SpecificDatumWriter<>(FlowEventSerde.VALUE_SCHEMA);
    private final FlowResponseView event = new FlowResponseView();
    private final AvroFlowEncoder encoder = new AvroFlowEncoder();

    @Test
    void simulatedEventsOfEveryFaultAreEncodedAsTheReferencePathDoes() {
        ClusterModel model = ModelLoader.defaultModel();
        Simulation simulation = new Simulation(model,
                SimulationOptions.forModel(model).withSeed(3).withDuration(Duration.ofMinutes(25)));
        int flows = 0;
        for (GetFlowsResponse response = simulation.next(); response != null && flows < 60_000; response = simulation.next()) {
            if (response.hasFlow()) {
                assertSameAsReference(response.toByteArray());
                flows++;
            } else {
                assertThat(event.read(response.toByteArray())).as("not a flow: reference path").isFalse();
            }
        }
        assertThat(flows).isEqualTo(60_000);
    }

    @Test
    void recordedHubbleFlowsAreEncodedAsTheReferencePathDoes() throws Exception {
        int flows = 0;
        for (String file : RecordedCaptures.FILES) {
            for (String line : RecordedCaptures.lines(file)) {
                GetFlowsResponse response = HubbleJson.parseResponse(line);
                if (response.hasFlow()) {
                    assertSameAsReference(response.toByteArray());
                    flows++;
                }
            }
        }
        assertThat(flows).isGreaterThan(1_500);
    }

    /**
     * Capture lines: the bytes the JSON line parser makes on its way to an ExportEvent are encoded
     * into what mapping that ExportEvent and serializing it gives, for every recorded line and for
     * lines of a simulated capture with every fault.
     */
    @Test
    void captureLinesAreEncodedFromTheLineParsersBytesAsTheReferencePathDoes() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String file : RecordedCaptures.FILES) {
            lines.addAll(RecordedCaptures.lines(file));
        }
        ClusterModel model = ModelLoader.defaultModel();
        Simulation simulation = new Simulation(model,
                SimulationOptions.forModel(model).withSeed(5).withDuration(Duration.ofMinutes(25)));
        for (GetFlowsResponse response = simulation.next(); response != null && lines.size() < 40_000;
             response = simulation.next()) {
            lines.add(HubbleJson.print(response));
        }
        HubbleLineParser parser = new HubbleLineParser();
        int flows = 0;
        for (String line : lines) {
            HubbleLineParser.Parsed parsed = parser.parseWithProtobuf(line);
            byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
            HubbleLineParser.Parsed fromBytes = parser.parseWithProtobuf(utf8, utf8.length);
            assertThat(fromBytes.event()).isEqualTo(parsed.event());
            assertThat(fromBytes.protobuf()).isEqualTo(parsed.protobuf());
            if (!parsed.event().hasFlow()) {
                continue;
            }
            flows++;
            assertThat(parsed.protobuf()).as("the line parser's own path read %s", line).isNotNull();
            assertThat(event.read(parsed.protobuf())).as("fast path for %s", line).isTrue();
            byte[] fast = encoder.encode(event, SCHEMA_ID);
            assertThat(fast).as("encoded %s", line).isNotNull();
            assertThat(HexFormat.of().formatHex(fast))
                    .isEqualTo(HexFormat.of().formatHex(reference(mapper.map(parsed.event()))));
        }
        assertThat(flows).isGreaterThan(35_000);
    }

    @Test
    void randomFlowsAreEncodedAsTheReferencePathDoesOrLeftToIt() {
        Random random = new Random(17);
        int fast = 0;
        int mappable = 0;
        for (int i = 0; i < 20_000; i++) {
            GetFlowsResponse response = RandomFlows.response(random);
            boolean referenceMaps = referenceMaps(response);
            boolean taken = encodesLikeReference(response.toByteArray());
            assertThat(taken).as("fast path taken exactly when the reference maps %s", response).isEqualTo(referenceMaps);
            fast += taken ? 1 : 0;
            mappable += referenceMaps ? 1 : 0;
        }
        assertThat(fast).isEqualTo(mappable).isGreaterThan(15_000);
    }

    @Test
    void flowWithoutTimeOrNodeNameIsLeftToTheReferencePathWhichRejectsIt() {
        GetFlowsResponse noTime = GetFlowsResponse.newBuilder()
                .setFlow(FlowProtos.Flow.newBuilder().setNodeName("k8s-a")).build();
        GetFlowsResponse noNode = GetFlowsResponse.newBuilder()
                .setFlow(FlowProtos.Flow.newBuilder().setTime(Timestamp.newBuilder().setSeconds(5))).build();
        for (GetFlowsResponse r : new GetFlowsResponse[] {noTime, noNode}) {
            assertThat(event.read(r.toByteArray())).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> mapper.map(r)).isInstanceOf(FlowMappingException.class);
        }
    }

    @Test
    void responseTimeAndNodeNameStandInForMissingFlowFields() {
        GetFlowsResponse r = GetFlowsResponse.newBuilder()
                .setFlow(FlowProtos.Flow.newBuilder().setVerdict(FlowProtos.Verdict.DROPPED))
                .setNodeName("cluster-1/k8s-b").setTime(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(123_456_789))
                .build();
        assertSameAsReference(r.toByteArray());
        event.read(r.toByteArray());
        assertThat(event.nodeName()).isEqualTo("cluster-1/k8s-b");
        assertThat(event.eventSeconds()).isEqualTo(1_700_000_000L);
        assertThat(event.eventNanos()).isEqualTo(123_456_789);
        assertThat(event.uuid()).isNull();
    }

    @Test
    void unusualEncodingsAreLeftToTheReferencePath() throws IOException {
        byte[] flow = RandomFlows.response(new Random(5)).getFlow().toByteArray();
        // the same singular message twice: protobuf merges the two, the fast path steps aside
        byte[] twice = concat(field(1, flow), field(1, flow));
        assertThat(event.read(twice)).isFalse();
        assertThat(GetFlowsResponse.parseFrom(twice).hasFlow()).isTrue();
        // flow and lost_events together (a oneof given twice)
        assertThat(event.read(concat(field(1, flow), field(3, new byte[0])))).isFalse();
        // truncated bytes and a bad field number never throw
        byte[] whole = field(1, flow);
        for (int cut = 0; cut < whole.length; cut += 7) {
            event.read(Arrays.copyOf(whole, cut));
        }
        assertThat(event.read(new byte[] {0x00, 0x01})).isFalse();
        // text that is not UTF-8: protobuf refuses it, so does the fast path
        byte[] time = FlowProtos.Flow.newBuilder().setTime(Timestamp.newBuilder().setSeconds(9)).build().toByteArray();
        byte[] badName = concat(time, field(11, new byte[] {'k', (byte) 0xc3, '('}));
        assertThat(event.read(field(1, badName))).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GetFlowsResponse.parseFrom(field(1, badName)))
                .isInstanceOf(com.google.protobuf.InvalidProtocolBufferException.class);
        assertThat(event.read(field(1, concat(time, field(11, "k8s-a".getBytes(java.nio.charset.StandardCharsets.UTF_8))))))
                .isTrue();
    }

    @Test
    void laterOccurrenceOfAScalarWinsAsInProtobuf() throws IOException {
        FlowProtos.Flow base = FlowProtos.Flow.newBuilder().setTime(Timestamp.newBuilder().setSeconds(10))
                .setNodeName("first").setVerdict(FlowProtos.Verdict.FORWARDED).build();
        FlowProtos.Flow override = FlowProtos.Flow.newBuilder().setNodeName("second")
                .setVerdict(FlowProtos.Verdict.DROPPED).setIsReply(BoolValue.of(true)).build();
        byte[] flow = concat(base.toByteArray(), override.toByteArray());
        assertSameAsReference(field(1, flow));
        event.read(field(1, flow));
        assertThat(event.nodeName()).isEqualTo("second");
    }

    private void assertSameAsReference(byte[] response) {
        assertThat(encodesLikeReference(response))
                .as("fast path taken for %s", HexFormat.of().formatHex(response)).isTrue();
    }

    /** True when the fast path encoded the event (and then equal to the reference); false when it stepped aside. */
    private boolean encodesLikeReference(byte[] response) {
        if (!event.read(response)) {
            return false;
        }
        byte[] fast = encoder.encode(event, SCHEMA_ID);
        if (fast == null) {
            return false;
        }
        byte[] reference = reference(response);
        assertThat(HexFormat.of().formatHex(fast)).isEqualTo(HexFormat.of().formatHex(reference));
        return true;
    }

    private boolean referenceMaps(GetFlowsResponse response) {
        try {
            mapper.map(response);
            return true;
        } catch (FlowMappingException e) {
            return false;
        }
    }

    private byte[] reference(byte[] response) {
        try {
            return reference(mapper.map(GetFlowsResponse.parseFrom(response)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private byte[] reference(MappedEvent mapped) {
        try {
            SpecificRecord record = mapped.record();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] header = new byte[WireFormat.HEADER_LENGTH];
            WireFormat.writeHeader(header, SCHEMA_ID);
            out.write(header);
            BinaryEncoder avro = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(record, avro);
            avro.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] field(int number, byte[] message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeByteArray(number, message);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

}
