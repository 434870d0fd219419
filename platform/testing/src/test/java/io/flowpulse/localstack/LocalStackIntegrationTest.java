package io.flowpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.testing.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalStackExtension.class)
class LocalStackIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void brokerCommitsTransactionsThatReadCommittedConsumersSee(LocalStack stack) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String topic = "tx-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test-" + UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "aborted", "never visible"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "node-a", "flow-1"));
            producer.send(new ProducerRecord<>(topic, "node-b", "flow-2"));
            producer.commitTransaction();
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(record.key() + "=" + record.value());
                }
            }
            // a further poll proves nothing else (the aborted record) arrives
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> seen.add(r.key() + "=" + r.value()));
        }
        assertThat(seen).containsExactlyInAnyOrder("node-a=flow-1", "node-b=flow-2");
    }

    @Test
    void registryRegistersAndServesSchemasThroughTheConfluentApi(SchemaRegistry registry) throws Exception {
        assertThat(registry.url()).matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7");
        String subject = "flows-" + UUID.randomUUID() + "-value";
        String schema = "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"io.flowpulse.test\","
                + "\"fields\":[{\"name\":\"node\",\"type\":\"string\"}]}";
        String body = "{\"schema\":" + jsonString(schema) + "}";

        HttpResponse<String> registered = post(registry.url() + "/subjects/" + subject + "/versions", body);
        assertThat(registered.statusCode()).isEqualTo(200);
        String id = registered.body().replaceAll("[^0-9]", "");
        assertThat(id).isNotEmpty();

        HttpResponse<String> again = post(registry.url() + "/subjects/" + subject + "/versions", body);
        assertThat(again.body()).isEqualTo(registered.body());

        HttpResponse<String> byId = get(registry.url() + "/schemas/ids/" + id);
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(byId.body()).contains("Probe").contains("io.flowpulse.test").contains("node");

        assertThat(get(registry.url() + "/subjects").body()).contains("\"" + subject + "\"");
        assertThat(get(registry.url() + "/subjects/" + subject + "/versions").body()).isEqualTo("[1]");
    }

    @Test
    void clickHouseCreatesInsertsAndSelects(ClickHouseServer clickHouse) throws Exception {
        assertThat(clickHouse.httpUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
        clickHouse.query("CREATE TABLE IF NOT EXISTS probe_select (node String, ts DateTime, bytes UInt64) "
                + "ENGINE = MergeTree PARTITION BY toYYYYMMDD(ts) ORDER BY (node, ts)");
        clickHouse.query("INSERT INTO probe_select VALUES ('a', '2024-05-01 10:00:00', 100), "
                + "('a', '2024-05-01 10:00:30', 50), ('b', '2024-05-01 10:01:00', 7)");

        HttpResponse<String> viaHttp = post(clickHouse.httpUrl() + "/",
                "SELECT node, sum(bytes), toStartOfMinute(min(ts)) FROM probe_select GROUP BY node ORDER BY node");
        assertThat(viaHttp.statusCode()).isEqualTo(200);
        assertThat(viaHttp.body()).isEqualTo("a\t150\t2024-05-01 10:00:00\nb\t7\t2024-05-01 10:01:00\n");
    }

    @Test
    void clickHouseKeepsPortsAndDataAcrossARestart(ClickHouseServer clickHouse) {
        clickHouse.query("CREATE TABLE IF NOT EXISTS probe_restart (id UInt32) ENGINE = MergeTree ORDER BY id");
        clickHouse.query("TRUNCATE TABLE probe_restart");
        clickHouse.query("INSERT INTO probe_restart VALUES (1), (2), (3)");
        String urlBefore = clickHouse.httpUrl();

        clickHouse.stop();
        assertThat(clickHouse.isRunning()).isFalse();
        assertThat(HttpProbe.answersOk(urlBefore + "/ping", Duration.ofSeconds(1))).isFalse();
        assertThat(clickHouse.httpUrl()).isEqualTo(urlBefore);

        clickHouse.start();
        assertThat(clickHouse.httpUrl()).isEqualTo(urlBefore);
        assertThat(clickHouse.query("SELECT count(), sum(id) FROM probe_restart")).isEqualTo("3\t6\n");
    }

    @Test
    void startAllRunsEveryServiceAndCloseStopsEveryProcess(@TempDir Path dir) {
        List<ProcessHandle> tree = new ArrayList<>();
        LocalStack stack = LocalStack.create(dir);
        try {
            stack.startAll();
            assertThat(stack.services()).allMatch(LocalService::isRunning);
            for (LocalService service : stack.services()) {
                System.out.printf("%s started in %d ms%n", service.name(), service.lastStartupTime().toMillis());
                ProcessHandle launcher = ProcessHandle.of(service.pid().orElseThrow()).orElseThrow();
                tree.add(launcher);
                launcher.descendants().forEach(tree::add);
            }
            assertThat(tree).allMatch(ProcessHandle::isAlive);
            // launcher shell, service, stdin watcher at least, for each of the three services
            assertThat(tree).hasSizeGreaterThanOrEqualTo(9);
        } finally {
            stack.close();
        }
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(stack.services()).noneMatch(LocalService::isRunning);
        assertThat(dir.resolve("kafka.log")).isNotEmptyFile();
        assertThat(dir.resolve("registry.log")).isNotEmptyFile();
        assertThat(dir.resolve("clickhouse.log")).isNotEmptyFile();
        assertThat(Files.exists(dir.resolve("kafka-data"))).isFalse();
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String jsonString(String raw) {
        return "\"" + raw.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
