package io.flowpulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.schemas.DeadLetters;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A capture with corrupt lines: good lines land in the flows topic, bad ones in the DLQ with reasons. */
@ExtendWith(LocalStackExtension.class)
class CaptureIngestIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void goodLinesToKafkaBadLinesToTheDeadLetterTopic(LocalStack stack) throws Exception {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/hubble-otel/basic-sample-400-tcp-flows.json")) {
            lines = new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        }
        int goodFlows = lines.size();
        lines.add(100, "{\"flow\":{\"time\":\"2021-11-09T13:52:49.000Z\",\"verdict\":"); // truncated JSON
        lines.add(200, "{\"flow\":{\"verdict\":{\"not\":\"an enum\"}}}");              // wrong type
        lines.add(300, "");                                                              // blank: skipped
        lines.add(301, "{\"lost_events\":{\"source\":\"PERF_EVENT_RING_BUFFER\",\"num_events_lost\":\"42\",\"cpu\":1},"
                + "\"node_name\":\"kind-worker\",\"time\":\"2021-11-09T13:52:50Z\"}");
        Path gz = dir.resolve("capture.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.write(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x13, '\n'}); // binary garbage
        }

        String topic = "it.capture.flows";
        IngestSettings settings = new IngestSettings(stack.kafka().bootstrapServers(), stack.registry().url(),
                topic, topic + ".nodes", topic + ".dlq", 3, (short) 1, -1, new Properties(), "127.0.0.1", 0);
        CaptureIngest.Result result;
        CaptureSource capture = new CaptureSource(List.of(gz), null);
        try (IngestService ingest = IngestService.create(settings, capture, NodeSource.NONE)) {
            ingest.start();
            ingest.await();
            result = capture.result();
        }

        assertThat(result.totals().flows()).isEqualTo(goodFlows);
        assertThat(result.totals().lostEvents()).isEqualTo(1);
        assertThat(result.totals().invalid()).isEqualTo(3);
        assertThat(result.totals().records()).isEqualTo(goodFlows + 1 + 3);

        List<ConsumerRecord<String, SpecificRecord>> published = consume(stack, topic,
                FlowEventSerde.create(SchemaRegistryClient.builder(stack.registry().url()).build()).deserializer(),
                goodFlows + 1);
        assertThat(published).hasSize(goodFlows + 1);
        assertThat(published.stream().filter(r -> r.value() instanceof Flow)).hasSize(goodFlows);
        LostEvents lost = (LostEvents) published.stream().filter(r -> r.value() instanceof LostEvents)
                .findFirst().orElseThrow().value();
        assertThat(lost.getNumEventsLost()).isEqualTo(42);
        assertThat(published).allSatisfy(r -> assertThat(r.key()).isNotBlank());

        List<ConsumerRecord<String, byte[]>> dead = consume(stack, topic + ".dlq", new ByteArrayDeserializer(), 3);
        assertThat(dead).hasSize(3);
        assertThat(dead).extracting(r -> header(r, DeadLetters.ORIGIN_LINE)).containsExactlyInAnyOrder("101", "201", "405");
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, DeadLetters.ORIGIN_FILE)).endsWith("capture.json.gz");
            assertThat(header(r, DeadLetters.REASON)).isNotBlank();
            assertThat(header(r, DeadLetters.STAGE)).isEqualTo("ingest");
        });
        ConsumerRecord<String, byte[]> truncated = dead.stream()
                .filter(r -> header(r, DeadLetters.ORIGIN_LINE).equals("101")).findFirst().orElseThrow();
        assertThat(new String(truncated.value(), StandardCharsets.UTF_8)).isEqualTo(lines.get(100));
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static <V> List<ConsumerRecord<String, V>> consume(LocalStack stack, String topic, Deserializer<V> values,
                                                               int expected) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && out.size() < expected) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(out::add);
        }
        return out;
    }
}
