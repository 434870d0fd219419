package io.flowpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.registry.RegisteredSchema;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.stack.LocalStack;
import io.flowpulse.stack.junit.LocalStackExtension;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
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

    private static byte[] rawValue(String bootstrap) {
        Deserializer<byte[]> bytes = (topic, data) -> Arrays.copyOf(data, data.length);
        return KafkaTestClients.consume(bootstrap, Topics.FLOWS, bytes, 1).get(0).value();
    }
}
