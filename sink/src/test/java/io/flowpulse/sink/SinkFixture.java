package io.flowpulse.sink;

import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.sink.clickhouse.ClickHouseClient;
import io.flowpulse.sink.clickhouse.ClickHouseException;
import io.flowpulse.localstack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One isolated sink setup on the shared local stack: its own topics, consumer group and
 * ClickHouse database, real Avro records through the real serde and registry.
 */
final class SinkFixture {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final LocalStack stack;
    final String id;
    final String links;
    final String dns;
    final String latency;
    final String alerts;
    final String flows;
    final String dlq;
    final String database;
    final String clickHouseUrl;
    final ClickHouseClient clickHouse;
    private final Map<String, String> settings = new HashMap<>();
    private final SchemaRegistryClient registry;

    SinkFixture(LocalStack stack) {
        this.stack = stack;
        this.id = "it" + ProcessHandle.current().pid() + "x" + SEQUENCE.incrementAndGet();
        this.links = id + "." + Topics.LINKS;
        this.dns = id + "." + Topics.DNS;
        this.latency = id + "." + Topics.LATENCY;
        this.alerts = id + "." + Topics.ALERTS;
        this.flows = id + "." + Topics.FLOWS;
        this.dlq = id + "." + Topics.DLQ;
        this.database = "sink_" + id;
        this.clickHouseUrl = stack.clickHouse().httpUrl();
        this.clickHouse = new ClickHouseClient(clickHouseUrl, "default", "", Duration.ofSeconds(30));
        this.registry = SchemaRegistryClient.builder(stack.registry().url()).build();
        settings.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        settings.put("schema.registry.url", stack.registry().url());
        settings.put("topics.links", links);
        settings.put("topics.dns", dns);
        settings.put("topics.latency", latency);
        settings.put("topics.alerts", alerts);
        settings.put("topics.flows", flows);
        settings.put("topics.dlq", dlq);
        settings.put("clickhouse.url", clickHouseUrl);
        settings.put("clickhouse.database", database);
        settings.put("sink.group.id", "sink-" + id);
        settings.put("sink.linger", "200ms");
        settings.put("sink.retry.initial.backoff", "100ms");
        settings.put("sink.retry.max.backoff", "1s");
        settings.put("http.port", "0");
        settings.put("sink.retention.days", "0");
        createTopics(List.of(links, dns, latency, alerts, flows, dlq));
    }

    SinkFixture with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    SinkSettings settings() {
        return SinkSettings.of(settings);
    }

    ClickHouseSink newSink(SinkMetrics metrics) {
        return new ClickHouseSink(settings(), SinkService.avroValues(stack.registry().url()), metrics);
    }

    /** Prepares a fresh sink and consumes until caught up; returns its metrics. */
    SinkMetrics runUntilCaughtUp() throws ClickHouseException {
        SinkMetrics metrics = SinkMetrics.noop();
        try (ClickHouseSink sink = newSink(metrics)) {
            sink.prepare(Duration.ofSeconds(30));
            if (!sink.runUntilCaughtUp(Duration.ofSeconds(90))) {
                throw new AssertionError("sink did not catch up within 90 s");
            }
        }
        return metrics;
    }

    private void createTopics(List<String> names) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = new ArrayList<>();
            for (String n : names) {
                topics.add(new NewTopic(n, 2, (short) 1));
            }
            admin.createTopics(topics).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + names, e);
        }
    }

    /** Produces values with the project's Avro serializer (Confluent wire format, registry schema ids). */
    void produce(String topic, List<?> values) {
        Serializer<Object> serializer = topic.equals(flows)
                ? cast(FlowEventSerde.create(registry).serializer())
                : AvroSerde.<Object>builder().registry(registry).buildSerializer();
        List<byte[]> encoded = new ArrayList<>();
        for (Object v : values) {
            encoded.add(serializer.serialize(topic, v));
        }
        produceBytes(topic, encoded);
    }

    @SuppressWarnings("unchecked")
    private static Serializer<Object> cast(Serializer<SpecificRecord> s) {
        return (Serializer<Object>) (Serializer<?>) s;
    }

    void produceBytes(String topic, List<byte[]> values) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // one batch in flight: a freshly created partition may refuse the first batch (not leader yet) while
        // later ones are in flight, which can leave an idempotent producer retrying out of sequence forever
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            int i = 0;
            for (byte[] v : values) {
                // keyed so that records spread over both partitions
                byte[] key = ("k" + (i++)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, v));
            }
            producer.flush();
        }
    }

    /** Every record on a topic, read from the beginning, waiting until at least {@code expected} arrived. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    String query(String sql) throws ClickHouseException {
        return clickHouse.query(sql + " FORMAT TSV");
    }

    List<String> lines(String sql) throws ClickHouseException {
        String body = query(sql);
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }
}
