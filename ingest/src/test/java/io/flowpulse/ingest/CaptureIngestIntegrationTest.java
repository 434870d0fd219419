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

    @Test
    void hostileLinesAreDeadLetteredWithTheirReasonsAndCounted(LocalStack stack) throws Exception {
        String good;
        try (InputStream in = getClass().getResourceAsStream("/hubble-otel/basic-sample-5-dns-flows.json")) {
            good = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")[0];
        }
        String time = "2021-10-04T11:22:26.592280339Z";
        assertThat(good).contains(time);
        Path file = dir.resolve("hostile.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, good);
            write(out, good.replace(time, "2200-01-01T00:00:00Z"));                  // 2: far future
            write(out, good.replace(time, "1970-01-01T00:00:01Z"));                  // 3: far past
            write(out, "{\"flow\":{}, \"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}"); // 4: deep
            write(out, "{\"flow\":{\"summary\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}}"); // 5: too long
            out.write(new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', '}', '\n'});   // 6: not UTF-8
            write(out, good);
        }

        String topic = "it.hostile.flows";
        IngestSettings settings = new IngestSettings(stack.kafka().bootstrapServers(), stack.registry().url(),
                topic, topic + ".nodes", topic + ".dlq", 1, (short) 1, -1, new Properties(), "127.0.0.1", 0);
        CaptureSource capture = new CaptureSource(List.of(file), null);
        IngestCounters counters;
        try (IngestService ingest = IngestService.create(settings, capture, NodeSource.NONE)) {
            ingest.start();
            ingest.await();
            counters = ingest.pipeline().counters();
        }

        assertThat(counters.flows()).isEqualTo(2);
        assertThat(counters.invalid()).isEqualTo(3);
        assertThat(counters.mappingFailed()).isEqualTo(2);
        assertThat(counters.eventTimeRejected()).isEqualTo(2);
        List<ConsumerRecord<String, byte[]>> dead = consume(stack, topic + ".dlq", new ByteArrayDeserializer(), 5);
        Map<String, String> reasons = new java.util.TreeMap<>();
        dead.forEach(r -> reasons.put(header(r, DeadLetters.ORIGIN_LINE), header(r, DeadLetters.REASON)));
        assertThat(reasons.keySet()).containsExactly("2", "3", "4", "5", "6");
        assertThat(reasons.get("2")).startsWith("flow time 2200-01-01T00:00:00Z is more than PT24H ahead of the clock");
        assertThat(reasons.get("3")).startsWith("flow time 1970-01-01T00:00:01Z is before 2000-01-01T00:00:00Z");
        assertThat(reasons.get("4")).startsWith("not a Hubble event: JSON nested deeper than 32 levels");
        assertThat(reasons.get("5")).isEqualTo("line is " + (3 * 1024 * 1024 + 23)
                + " bytes long, more than the limit of 1048576 bytes (input.max-line-bytes)");
        assertThat(reasons.get("6")).isEqualTo("not valid UTF-8 text (byte 3 of the line)");
        ConsumerRecord<String, byte[]> tooLong = dead.stream()
                .filter(r -> header(r, DeadLetters.ORIGIN_LINE).equals("5")).findFirst().orElseThrow();
        assertThat(tooLong.value()).hasSize(64 * 1024);
    }

    private static void write(OutputStream out, String line) throws java.io.IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
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
