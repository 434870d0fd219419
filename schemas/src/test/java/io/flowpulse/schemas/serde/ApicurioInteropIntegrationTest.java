package io.flowpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.serde.Legacy4ByteIdHandler;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our serde and Apicurio's own Avro serde (2.6, in Confluent mode) read each other's records
 * through the real broker and registry. Apicurio's serde talks to the registry's native API
 * ({@code /apis/registry/v2}), ours to the Confluent API of the same registry.
 *
 * <p>Apicurio in Confluent mode: {@code apicurio.registry.as-confluent=true} (with
 * {@code apicurio.registry.id-handler} set to its {@code Legacy4ByteIdHandler}) writes and reads the
 * 4-byte id; {@code apicurio.registry.use-id=contentId} because the ids of the registry's Confluent
 * API are content ids (Apicurio's default, globalId, would name other schemas); headers off so the
 * id is only in the payload.
 *
 * <p>Apicurio's specific reader cannot read a top-level union schema (it looks up one generated
 * class by the writer schema's full name, and a union has none), so for the union-valued flows
 * topic Apicurio's generic reader is used; single-record topics are read into generated classes.
 */
@ExtendWith(LocalStackExtension.class)
class ApicurioInteropIntegrationTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void apicurioReadsOurUnionValuesGenerically(LocalStack stack) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String topic = "interop.ours-to-apicurio.flows.v1";
        SchemaRegistryClient client = SchemaRegistryClient.builder(stack.registry().url()).build();
        // the same content under another subject first, so that global ids and content ids differ
        client.register("interop.decoy-value", FlowEventSerde.VALUE_SCHEMA);
        KafkaTestClients.createTopic(bootstrap, topic);
        Flow flow = SampleEvents.dnsFlow();
        LostEvents lost = SampleEvents.lostEvents();

        KafkaTestClients.produce(bootstrap, topic, FlowEventSerde.create(client).serializer(), List.<SpecificRecord>of(flow, lost));

        List<Object> values = KafkaTestClients.consume(bootstrap, topic, apicurioDeserializer(stack, false), 2)
                .stream().map(r -> (Object) r.value()).toList();
        GenericRecord flowBack = (GenericRecord) values.get(0);
        GenericRecord lostBack = (GenericRecord) values.get(1);
        assertThat(flowBack.getSchema().getFullName()).isEqualTo("io.flowpulse.schemas.avro.Flow");
        assertThat(flowBack.get("time")).isEqualTo(micros(flow.getTime()));
        assertThat(flowBack.get("node_name")).hasToString("prod/kind-worker");
        assertThat(flowBack.get("destination_port")).isEqualTo(53);
        GenericRecord dns = (GenericRecord) ((GenericRecord) flowBack.get("l7")).get("dns");
        assertThat(dns.get("query")).hasToString("api.shop.svc.cluster.local.");
        assertThat(dns.get("ttl")).isEqualTo(30L);
        assertThat(lostBack.getSchema().getFullName()).isEqualTo("io.flowpulse.schemas.avro.LostEvents");
        assertThat(lostBack.get("num_events_lost")).isEqualTo(17L);
        assertThat(lostBack.get("first")).isEqualTo(micros(lost.getFirst()));
        assertThat(lostBack.get("last")).isEqualTo(micros(lost.getLast()));

        JsonNode meta = nativeMeta(stack, topic + "-value");
        int idInBytes = WireFormat.schemaId(rawValues(bootstrap, topic).get(0), "value");
        assertThat(idInBytes).isEqualTo(meta.get("contentId").asInt()).isNotEqualTo(meta.get("globalId").asInt());
    }

    @Test
    void apicurioReadsOurRecordValuesIntoGeneratedClasses(LocalStack stack) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String topic = "interop.ours-to-apicurio.lost.v1";
        SchemaRegistryClient client = SchemaRegistryClient.builder(stack.registry().url()).build();
        KafkaTestClients.createTopic(bootstrap, topic);

        KafkaTestClients.produce(bootstrap, topic, AvroSerde.specific(LostEvents.class, client).serializer(),
                List.of(SampleEvents.lostEvents()));

        Object back = KafkaTestClients.consume(bootstrap, topic, apicurioDeserializer(stack, true), 1).get(0).value();
        assertThat(back).isInstanceOf(LostEvents.class).isEqualTo(SampleEvents.lostEvents());
    }

    @Test
    void weReadApicurioWrittenValues(LocalStack stack) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String flowTopic = "interop.apicurio-to-ours.flows.v1";
        String lostTopic = "interop.apicurio-to-ours.lost.v1";
        KafkaTestClients.createTopic(bootstrap, flowTopic);
        KafkaTestClients.createTopic(bootstrap, lostTopic);

        KafkaTestClients.produce(bootstrap, flowTopic, apicurioSerializer(stack),
                List.<SpecificRecord>of(SampleEvents.dnsFlow(), SampleEvents.droppedFlow()));
        KafkaTestClients.produce(bootstrap, lostTopic, apicurioSerializer(stack), List.<SpecificRecord>of(SampleEvents.lostEvents()));

        FlowEventSerde ours = FlowEventSerde.create(SchemaRegistryClient.builder(stack.registry().url()).build());
        assertThat(KafkaTestClients.consume(bootstrap, flowTopic, ours.deserializer(), 2))
                .extracting(r -> (Object) r.value())
                .containsExactly(SampleEvents.dnsFlow(), SampleEvents.droppedFlow());
        assertThat(KafkaTestClients.consume(bootstrap, lostTopic, ours.deserializer(), 1).get(0).value())
                .isEqualTo(SampleEvents.lostEvents());

        // the id Apicurio wrote is the one the Confluent API gives for that schema under the topic's subject
        SchemaRegistryClient confluentApi = SchemaRegistryClient.builder(stack.registry().url()).build();
        assertThat(WireFormat.schemaId(rawValues(bootstrap, flowTopic).get(0), "value"))
                .isEqualTo(confluentApi.lookupId(flowTopic + "-value", Flow.getClassSchema()));
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static Map<String, Object> apicurioConfig(LocalStack stack) {
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.REGISTRY_URL, nativeApi(stack));
        config.put(SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, "true");
        // as-confluent alone logs a warning that it replaces the default id handler
        config.put(SerdeConfig.ID_HANDLER, Legacy4ByteIdHandler.class.getName());
        config.put(SerdeConfig.USE_ID, "contentId");
        config.put(SerdeConfig.ENABLE_HEADERS, "false");
        return config;
    }

    private static Deserializer<Object> apicurioDeserializer(LocalStack stack, boolean specific) {
        Map<String, Object> config = apicurioConfig(stack);
        config.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, Boolean.toString(specific));
        AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(config, false);
        return deserializer;
    }

    private static AvroKafkaSerializer<SpecificRecord> apicurioSerializer(LocalStack stack) {
        Map<String, Object> config = apicurioConfig(stack);
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, "true");
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        return serializer;
    }

    private static String nativeApi(LocalStack stack) {
        return "http://127.0.0.1:" + stack.registry().port() + "/apis/registry/v2";
    }

    private JsonNode nativeMeta(LocalStack stack, String artifactId) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(nativeApi(stack) + "/groups/default/artifacts/" + artifactId + "/meta")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static List<byte[]> rawValues(String bootstrap, String topic) {
        Deserializer<byte[]> bytes = (t, data) -> Arrays.copyOf(data, data.length);
        return KafkaTestClients.consume(bootstrap, topic, bytes, 1).stream().map(r -> r.value()).toList();
    }
}
