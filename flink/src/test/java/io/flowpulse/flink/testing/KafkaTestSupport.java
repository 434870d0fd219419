package io.flowpulse.flink.testing;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.streams.topology.EndOfStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Topics, producers and committed-output readers for the tests that run against the local broker. */
public final class KafkaTestSupport {

    private final String bootstrap;
    private final SchemaRegistryClient registry;

    public KafkaTestSupport(String bootstrap, SchemaRegistryClient registry) {
        this.bootstrap = bootstrap;
        this.registry = registry;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public void createTopics(int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> created = new ArrayList<>();
            for (String topic : topics) {
                created.add(new NewTopic(topic, partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
            }
            admin.createTopics(created).all().get();
        }
    }

    public Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return props;
    }

    /** Flows-topic values (Flow, LostEvents) to explicit partitions, keyed by their node, in list order. */
    public void produce(String topic, List<Keyed> records) {
        try (FlowEventSerde serde = FlowEventSerde.create(registry);
             KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProperties(),
                     new StringSerializer(), serde.serializer())) {
            for (Keyed r : records) {
                producer.send(new ProducerRecord<>(topic, r.partition(), r.timestampMillis(), r.key(), r.value()));
            }
            producer.flush();
        }
    }

    public void produceRaw(String topic, int partition, String key, byte[] value, long timestamp) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, timestamp, key, value)).get();
        }
    }

    public void produceEndMarkers(String topic, int partitions, long timestamp) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> marker : EndOfStream.<byte[]>markers(topic, partitions, timestamp)) {
                producer.send(marker);
            }
            producer.flush();
        }
    }

    /** A flows-topic value with its key, partition and record timestamp. */
    public record Keyed(String key, int partition, long timestampMillis, SpecificRecord value) {
    }

    /** Committed records of a topic, until {@code expected} have come and then a quiet second, or the timeout. */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    /** The results of one run, decoded: links, DNS, latency windows and alerts as read from their topics. */
    public Results readResults(Topics topics, Duration timeout) {
        return new Results(
                decode(readCommitted(topics.links(), Integer.MAX_VALUE, timeout), LinkWindow.class),
                decode(readCommitted(topics.dns(), Integer.MAX_VALUE, Duration.ofSeconds(1)), DnsWindow.class),
                decode(readCommitted(topics.latency(), Integer.MAX_VALUE, Duration.ofSeconds(1)), LatencyWindow.class),
                decode(readCommitted(topics.alerts(), Integer.MAX_VALUE, Duration.ofSeconds(1)), Alert.class));
    }

    public <T extends SpecificRecord> List<T> decode(List<ConsumerRecord<byte[], byte[]>> records, Class<T> type) {
        List<T> values = new ArrayList<>();
        try (AvroSerde<T> serde = AvroSerde.specific(type, registry)) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                values.add(serde.deserializer().deserialize(record.topic(), record.value()));
            }
        }
        return values;
    }

    /** The topics of one test run. */
    public record Topics(String flows, String nodes, String links, String dns, String latency, String alerts,
                         String dlq) {

        public static Topics forRun(String run) {
            return new Topics("hubble.flows." + run, "flowpulse.nodes." + run, "flowpulse.links." + run,
                    "flowpulse.dns." + run, "flowpulse.latency." + run, "flowpulse.alerts." + run,
                    "flowpulse.dlq." + run);
        }

        public String[] outputs() {
            return new String[] {links, dns, latency, alerts, dlq};
        }
    }

    public record Results(List<LinkWindow> links, List<DnsWindow> dns, List<LatencyWindow> latency,
                          List<Alert> alerts) {
    }
}
