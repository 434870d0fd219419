package io.flowpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.registry.StubRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Serde behaviour against an in-memory registry; the real registry is in AvroSerdeIntegrationTest. */
class AvroSerdeTest {
    private StubRegistry registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() throws Exception {
        registry = new StubRegistry();
        client = SchemaRegistryClient.builder(registry.url()).build();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void specificFlowRoundTrip() {
        AvroSerde<Flow> serde = AvroSerde.specific(Flow.class, client);
        Flow flow = SampleEvents.dnsFlow();

        byte[] bytes = serde.serializer().serialize("flows", flow);
        Flow back = serde.deserializer().deserialize("flows", bytes);

        assertThat(back).isEqualTo(flow);
        assertThat(back.getTime()).isEqualTo(Instant.parse("2024-05-01T12:00:00.123456Z"));
        assertThat(back.getL7().getDns().getQuery()).isEqualTo("api.shop.svc.cluster.local.");
    }

    @Test
    void bytesAreMagicByteRegisteredIdAndPlainAvroBody() throws IOException {
        Flow flow = SampleEvents.droppedFlow();

        byte[] bytes = AvroSerde.specific(Flow.class, client).serializer().serialize("flows", flow);

        int registeredId = SchemaRegistryClient.builder(registry.url()).build().getLatestVersion("flows-value").id();
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0, 0, 0, registeredId);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plainAvro(flow, Flow.getClassSchema()));
    }

    @Test
    void flowEventSerdeWritesBothTypesAgainstTheRegisteredUnion() throws IOException {
        FlowEventSerde serde = FlowEventSerde.create(client);
        Flow flow = SampleEvents.dnsFlow();
        LostEvents lost = SampleEvents.lostEvents();

        byte[] flowBytes = serde.serializer().serialize(Topics.FLOWS, flow);
        byte[] lostBytes = serde.serializer().serialize(Topics.FLOWS, lost);

        SchemaRegistryClient reader = SchemaRegistryClient.builder(registry.url()).build();
        var registered = reader.getLatestVersion("hubble.flows.v1-value");
        assertThat(registered.version()).isEqualTo(1);
        assertThat(new Schema.Parser().parse(registered.schema())).isEqualTo(FlowEventSerde.VALUE_SCHEMA);
        assertThat(Arrays.copyOfRange(flowBytes, 1, 5)).isEqualTo(Arrays.copyOfRange(lostBytes, 1, 5));
        // union branch index (zig-zag varint: 0 -> 0x00, 1 -> 0x02), then the record itself
        assertThat(Arrays.copyOfRange(lostBytes, 5, lostBytes.length))
                .isEqualTo(concat(new byte[] {2}, plainAvro(lost, LostEvents.getClassSchema())));
        assertThat(Arrays.copyOfRange(flowBytes, 5, flowBytes.length))
                .isEqualTo(concat(new byte[] {0}, plainAvro(flow, Flow.getClassSchema())));

        FlowEventSerde consumerSide = FlowEventSerde.create(reader);
        SpecificRecord flowBack = consumerSide.deserializer().deserialize(Topics.FLOWS, flowBytes);
        SpecificRecord lostBack = consumerSide.deserializer().deserialize(Topics.FLOWS, lostBytes);
        assertThat(flowBack).isInstanceOf(Flow.class).isEqualTo(flow);
        assertThat(lostBack).isInstanceOf(LostEvents.class).isEqualTo(lost);
    }

    @Test
    void flowEventSerdeRefusesRecordsOutsideTheUnion() {
        FlowEventSerde serde = FlowEventSerde.create(client);

        assertThatThrownBy(() -> serde.serializer().serialize(Topics.FLOWS, SampleEvents.node()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("a record io.flowpulse.schemas.avro.Node is not one of the types of the writer schema "
                        + "[io.flowpulse.schemas.avro.Flow, io.flowpulse.schemas.avro.LostEvents]");
    }

    @Test
    void configuredFromAKafkaStyleMap() {
        Map<String, Object> config = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                AvroSerdeConfig.VALUE_SCHEMA_CLASSES, Flow.class.getName() + "," + LostEvents.class.getName(),
                AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
        Serializer<Object> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        Deserializer<Object> deserializer = new AvroDeserializer<>();
        deserializer.configure(config, false);

        byte[] bytes = serializer.serialize(Topics.FLOWS, SampleEvents.lostEvents());

        assertThat(deserializer.deserialize(Topics.FLOWS, bytes)).isEqualTo(SampleEvents.lostEvents());
        assertThat(registry.requests()).contains("POST /subjects/hubble.flows.v1-value/versions");
    }

    @Test
    void serdesConfiguredAlikeShareOneRegistryClient() {
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        AvroSerde<Flow> first = new AvroSerde<>();
        first.configure(config, false);
        AvroSerde<Flow> second = new AvroSerde<>();
        second.configure(config, false);

        first.serializer().serialize("flows", SampleEvents.droppedFlow());
        second.serializer().serialize("flows", SampleEvents.droppedFlow());

        assertThat(AvroSerdeConfig.registryClient(config)).isSameAs(AvroSerdeConfig.registryClient(config));
        assertThat(registry.count("POST /subjects/flows-value/versions")).isEqualTo(1);
    }

    @Test
    void aValueOfAnotherTypeThanTheReaderClassIsRefusedByName() {
        byte[] lostBytes = FlowEventSerde.create(client).serializer().serialize(Topics.FLOWS, SampleEvents.lostEvents());
        Deserializer<Flow> flowsOnly = AvroSerde.specific(Flow.class, client).deserializer();

        assertThatThrownBy(() -> flowsOnly.deserialize(Topics.FLOWS, lostBytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot be read with the reader schema io.flowpulse.schemas.avro.Flow")
                .hasMessageContaining("LostEvents");
        assertThat(flowsOnly.deserialize(Topics.FLOWS,
                FlowEventSerde.create(client).serializer().serialize(Topics.FLOWS, SampleEvents.droppedFlow())))
                .isEqualTo(SampleEvents.droppedFlow());
    }

    @Test
    void flowEventSerdeFromConfigurationKeepsTheUnion() {
        FlowEventSerde serde = new FlowEventSerde();
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);

        byte[] bytes = serde.serializer().serialize(Topics.FLOWS, SampleEvents.droppedFlow());

        assertThat(serde.deserializer().deserialize(Topics.FLOWS, bytes)).isEqualTo(SampleEvents.droppedFlow());
        assertThat(new Schema.Parser().parse(client.getLatestVersion("hubble.flows.v1-value").schema()))
                .isEqualTo(FlowEventSerde.VALUE_SCHEMA);
    }

    @Test
    void genericRecordsRoundTrip() {
        Schema schema = SchemaBuilder.record("Probe").namespace("test").fields()
                .requiredString("target").optionalInt("rtt_ms")
                .name("at").type(timestampMicros()).noDefault()
                .endRecord();
        GenericRecord probe = new GenericData.Record(schema);
        probe.put("target", "10.0.0.1");
        probe.put("rtt_ms", 12);
        probe.put("at", Instant.parse("2024-05-01T00:00:00.000001Z"));
        AvroSerde<GenericRecord> serde = AvroSerde.generic(client);

        GenericRecord back = serde.deserializer().deserialize("probes", serde.serializer().serialize("probes", probe));

        assertThat(back).isEqualTo(probe);
        assertThat(back.get("at")).isEqualTo(Instant.parse("2024-05-01T00:00:00.000001Z"));
    }

    @Test
    void genericReaderReadsSpecificWrittenValues() {
        byte[] bytes = FlowEventSerde.create(client).serializer().serialize(Topics.FLOWS, SampleEvents.lostEvents());

        GenericRecord back = AvroSerde.generic(client).deserializer().deserialize(Topics.FLOWS, bytes);

        assertThat(back).isNotInstanceOf(LostEvents.class);
        assertThat(back.getSchema().getFullName()).isEqualTo("io.flowpulse.schemas.avro.LostEvents");
        assertThat(back.get("num_events_lost")).isEqualTo(17L);
        assertThat(back.get("first")).isEqualTo(Instant.parse("2024-05-01T12:00:02.100000Z"));
    }

    @Test
    void olderWriterSchemaIsResolvedIntoTheGeneratedClass() {
        Schema lostEventsV0 = SchemaBuilder.record("LostEvents").namespace("io.flowpulse.schemas.avro").fields()
                .name("time").type(timestampMicros()).noDefault()
                .requiredString("node_name").requiredString("node").requiredString("source")
                .requiredLong("num_events_lost")
                .endRecord();
        GenericRecord old = new GenericData.Record(lostEventsV0);
        old.put("time", Instant.parse("2023-01-01T00:00:00Z"));
        old.put("node_name", "n1");
        old.put("node", "n1");
        old.put("source", "HUBBLE_RING_BUFFER");
        old.put("num_events_lost", 5L);
        byte[] bytes = AvroSerde.generic(client).serializer().serialize("lost", old);

        SpecificRecord back = FlowEventSerde.create(client).deserializer().deserialize("lost", bytes);

        assertThat(back).isEqualTo(LostEvents.newBuilder().setTime(Instant.parse("2023-01-01T00:00:00Z"))
                .setNodeName("n1").setNode("n1").setSource("HUBBLE_RING_BUFFER").setNumEventsLost(5L)
                .setCpu(null).setFirst(null).setLast(null).build());
    }

    @Test
    void withoutAutoRegistrationOnlyRegisteredSchemasAreWritten() {
        AvroSerializer<Flow> serializer = AvroSerde.<Flow>builder().registry(client).autoRegister(false).buildSerializer();

        assertThatThrownBy(() -> serializer.serialize("flows", SampleEvents.droppedFlow()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("is not registered under subject 'flows-value'")
                .hasMessageContaining("auto.register.schemas=false");

        int id = client.register("flows-value", Flow.getClassSchema());
        byte[] bytes = serializer.serialize("flows", SampleEvents.droppedFlow());

        assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0, 0, 0, id);
        assertThat(registry.count("POST /subjects/flows-value/versions")).isEqualTo(1);
    }

    @Test
    void keysAndRecordNameStrategiesPickTheirSubjects() {
        AvroSerde.<Flow>builder().registry(client).forKeys().buildSerializer().serialize("flows", SampleEvents.droppedFlow());
        AvroSerde.<Flow>builder().registry(client).subjectNameStrategy(SubjectNameStrategy.RECORD_NAME).buildSerializer()
                .serialize("flows", SampleEvents.droppedFlow());

        assertThat(client.subjects()).containsExactly("flows-key", "io.flowpulse.schemas.avro.Flow");
    }

    @Test
    void schemaIsRegisteredOncePerTopicNotPerRecord() {
        Serializer<Flow> serializer = AvroSerde.specific(Flow.class, client).serializer();

        for (int i = 0; i < 50; i++) {
            serializer.serialize("flows", SampleEvents.droppedFlow());
            serializer.serialize("flows.replay", SampleEvents.dnsFlow());
        }

        assertThat(registry.count("POST")).isEqualTo(2);
    }

    @Test
    void aValueThatFailsHalfwayLeavesNoBytesInTheNextOne() {
        Serializer<SpecificRecord> serializer = FlowEventSerde.create(client).serializer();
        byte[] expected = serializer.serialize(Topics.FLOWS, SampleEvents.droppedFlow());
        Flow withoutNode = Flow.newBuilder(SampleEvents.droppedFlow()).build();
        withoutNode.setNode(null);

        assertThatThrownBy(() -> serializer.serialize(Topics.FLOWS, withoutNode))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot encode the value of topic hubble.flows.v1 (record io.flowpulse.schemas.avro.Flow)");

        assertThat(serializer.serialize(Topics.FLOWS, SampleEvents.droppedFlow())).isEqualTo(expected);
    }

    @Test
    void nullStaysNull() {
        AvroSerde<Flow> serde = AvroSerde.specific(Flow.class, client);

        assertThat(serde.serializer().serialize("flows", null)).isNull();
        assertThat(serde.deserializer().deserialize("flows", null)).isNull();
    }

    @Test
    void concurrentUseGivesTheSameBytes() throws Exception {
        FlowEventSerde serde = FlowEventSerde.create(client);
        byte[] expected = serde.serializer().serialize(Topics.FLOWS, SampleEvents.dnsFlow());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        byte[] bytes = serde.serializer().serialize(Topics.FLOWS, SampleEvents.dnsFlow());
                        if (!Arrays.equals(bytes, expected)
                                || !SampleEvents.dnsFlow().equals(serde.deserializer().deserialize(Topics.FLOWS, bytes))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static Schema timestampMicros() {
        return org.apache.avro.LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
    }

    static byte[] plainAvro(SpecificRecord record, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
