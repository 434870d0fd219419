package io.flowpulse.sink;

import io.flowpulse.sink.avro.Transcoders;
import io.flowpulse.sink.clickhouse.ClickHouseClient;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The clients the sink works with, built in one place: the input consumer, the dead-letter
 * producer, ClickHouse, and the value decoders. {@link #create} builds the real ones from
 * the settings; tests pass their own. Whoever runs the sink closes them through it.
 */
public final class SinkClients implements AutoCloseable {

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> dlqProducer;
    private final ClickHouseClient clickHouse;
    private final Deserializer<Object> values;
    private final Transcoders transcoders;

    /**
     * @param consumer    reads the input topics; auto-commit must be off
     * @param dlqProducer writes the dead-letter topic
     * @param clickHouse  receives the rows
     * @param values      decodes record values into the generated Avro classes
     * @param transcoders turns current-schema window records straight into rows; null turns that fast path off
     */
    public SinkClients(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> dlqProducer, ClickHouseClient clickHouse,
                       Deserializer<Object> values, Transcoders transcoders) {
        this.consumer = consumer;
        this.dlqProducer = dlqProducer;
        this.clickHouse = clickHouse;
        this.values = values;
        this.transcoders = transcoders;
    }

    /** The real clients for {@code settings}, values decoded through the schema registry. */
    public static SinkClients create(SinkSettings settings) {
        return create(settings, SinkService.avroValues(settings.registryClient()));
    }

    /** The real clients for {@code settings}, values decoded by {@code values} (closed with the clients). */
    public static SinkClients create(SinkSettings settings, Deserializer<Object> values) {
        Consumer<byte[], byte[]> consumer = null;
        try {
            consumer = new KafkaConsumer<>(consumerProperties(settings), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            Producer<byte[], byte[]> producer = new KafkaProducer<>(dlqProducerProperties(settings),
                    new ByteArraySerializer(), new ByteArraySerializer());
            Transcoders transcoders = settings.transcodeAvro()
                    ? new Transcoders(settings.registryClient()) : null;
            return new SinkClients(consumer, producer, clickHouse(settings), values, transcoders);
        } catch (RuntimeException e) {
            if (consumer != null) {
                consumer.close();
            }
            values.close();
            throw e;
        }
    }

    public static ClickHouseClient clickHouse(SinkSettings settings) {
        return new ClickHouseClient(settings.clickHouseUrl(), settings.clickHouseUser(), settings.clickHousePassword(),
                settings.clickHouseTimeout(), settings.clickHouseSslContext().orElse(null));
    }

    /** The consumer's configuration: the {@code kafka.*} overrides, offsets committed by the sink only. */
    static Properties consumerProperties(SinkSettings settings) {
        Properties c = new Properties();
        c.putAll(settings.kafkaOverrides());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50000");
        c.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        c.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "flowpulse-sink");
        return c;
    }

    /** The dead-letter producer's configuration: the {@code kafka.*} overrides, every replica acknowledges. */
    static Properties dlqProducerProperties(SinkSettings settings) {
        Properties p = new Properties();
        p.putAll(settings.kafkaOverrides());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "flowpulse-sink-dlq");
        return p;
    }

    public Consumer<byte[], byte[]> consumer() {
        return consumer;
    }

    public Producer<byte[], byte[]> dlqProducer() {
        return dlqProducer;
    }

    public ClickHouseClient clickHouse() {
        return clickHouse;
    }

    public Deserializer<Object> values() {
        return values;
    }

    /** Null when the fast path is off. */
    public Transcoders transcoders() {
        return transcoders;
    }

    @Override
    public void close() {
        consumer.close();
        dlqProducer.close();
        values.close();
    }
}
