package io.flowpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.registry.Compatibility;
import io.flowpulse.schemas.registry.IncompatibleSchemaException;
import io.flowpulse.schemas.registry.RegisteredSchema;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Flow and LostEvents through the real broker and the real registry (Apicurio's Confluent API). */
@ExtendWith(LocalStackExtension.class)
class AvroSerdeIntegrationTest {
    @Test
    void flowsAndLostEventsRoundTripOnTheFlowsTopic(LocalStack stack) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        SchemaRegistryClient client = SchemaRegistryClient.builder(stack.registry().url()).build();
        KafkaTestClients.createTopic(bootstrap, Topics.FLOWS);
        List<SpecificRecord> sent = List.of(SampleEvents.dnsFlow(), SampleEvents.lostEvents(), SampleEvents.droppedFlow());

        KafkaTestClients.produce(bootstrap, Topics.FLOWS, FlowEventSerde.create(client).serializer(), sent);

        FlowEventSerde consumerSerde = new FlowEventSerde();
        consumerSerde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registry().url()), false);
        List<ConsumerRecord<String, SpecificRecord>> received =
                KafkaTestClients.consume(bootstrap, Topics.FLOWS, consumerSerde.deserializer(), 3);
        assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
        assertThat(received).extracting(r -> (Object) r.value().getClass()).containsExactly(Flow.class, LostEvents.class, Flow.class);

        RegisteredSchema registered = client.getLatestVersion(Topics.FLOWS + "-value");
        assertThat(new Schema.Parser().parse(registered.schema())).isEqualTo(FlowEventSerde.VALUE_SCHEMA);
        byte[] raw = rawValue(bootstrap);
        assertThat(raw[0]).isZero();
        assertThat(WireFormat.schemaId(raw, "value")).isEqualTo(registered.id());
    }

    @Test
    void genericConsumerReadsWhatTheSpecificProducerWrote(LocalStack stack) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String topic = "serde.generic.v1";
        SchemaRegistryClient client = SchemaRegistryClient.builder(stack.registry().url()).build();
        KafkaTestClients.createTopic(bootstrap, topic);

        KafkaTestClients.produce(bootstrap, topic, AvroSerde.specific(LostEvents.class, client).serializer(),
                List.of(SampleEvents.lostEvents()));

        Deserializer<GenericRecord> generic = new AvroDeserializer<>();
        generic.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registry().url()), false);
        GenericRecord back = KafkaTestClients.consume(bootstrap, topic, generic, 1).get(0).value();
        assertThat(back.get("node")).hasToString("kind-worker2");
        assertThat(back.get("num_events_lost")).isEqualTo(17L);
        assertThat(back.get("last")).isEqualTo(SampleEvents.lostEvents().getLast());
    }

    @Test
    void evolvedWriterSchemaRegistersUnderBackwardAndIsReadIntoTheCurrentClass(LocalStack stack) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String topic = "serde.evolution.lost.v1";
        SchemaRegistryClient client = SchemaRegistryClient.builder(stack.registry().url()).build();
        KafkaTestClients.createTopic(bootstrap, topic);
        KafkaTestClients.produce(bootstrap, topic, AvroSerde.specific(LostEvents.class, client).serializer(),
                List.of(SampleEvents.lostEvents()));
        client.setCompatibility(topic + "-value", Compatibility.BACKWARD);

        Schema withRing = withExtraField(LostEvents.getClassSchema(), "{\"name\":\"ring\",\"type\":\"string\",\"default\":\"main\"}");
        GenericRecord newer = new GenericData.Record(withRing);
        LostEvents expected = SampleEvents.lostEvents();
        for (Schema.Field field : LostEvents.getClassSchema().getFields()) {
            newer.put(field.name(), expected.get(field.name()));
        }
        newer.put("ring", "perf");
        Serializer<GenericRecord> genericWriter = AvroSerde.generic(client).serializer();
        KafkaTestClients.produce(bootstrap, topic, genericWriter, List.of(newer));

        assertThat(client.getLatestVersion(topic + "-value").version()).isEqualTo(2);
        assertThat(KafkaTestClients.consume(bootstrap, topic, FlowEventSerde.create(client).deserializer(), 2))
                .extracting(r -> (Object) r.value())
                .containsExactly(expected, expected);

        Schema countAsText = new Schema.Parser().parse(LostEvents.getClassSchema().toString()
                .replace("{\"name\":\"num_events_lost\",\"type\":\"long\"", "{\"name\":\"num_events_lost\",\"type\":\"string\""));
        GenericRecord incompatible = new GenericData.Record(countAsText);
        for (Schema.Field field : countAsText.getFields()) {
            incompatible.put(field.name(), expected.get(field.name()));
        }
        incompatible.put("num_events_lost", "17");
        assertThatThrownBy(() -> genericWriter.serialize(topic, incompatible))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class,
                        e -> assertThat(e.subject()).isEqualTo(topic + "-value"))
                .hasMessageContaining("reader type: STRING not compatible with writer type: LONG");
    }

    private static Schema withExtraField(Schema schema, String fieldJson) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(schema.toString());
        ((ArrayNode) tree.get("fields")).add(json.readTree(fieldJson));
        return new Schema.Parser().parse(tree.toString());
    }

    private static byte[] rawValue(String bootstrap) {
        Deserializer<byte[]> bytes = (topic, data) -> Arrays.copyOf(data, data.length);
        return KafkaTestClients.consume(bootstrap, Topics.FLOWS, bytes, 1).get(0).value();
    }
}
