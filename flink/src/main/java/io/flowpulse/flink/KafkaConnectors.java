package io.flowpulse.flink;

import io.flowpulse.flink.kafka.AlertsSerializer;
import io.flowpulse.flink.kafka.DeadLetterSerializer;
import io.flowpulse.flink.kafka.FlowsDeserializer;
import io.flowpulse.flink.kafka.NodesDeserializer;
import io.flowpulse.flink.kafka.ResultsSerializer;
import io.flowpulse.flink.model.AlertChange;
import io.flowpulse.flink.model.DeadLetter;
import io.flowpulse.flink.model.FlowsRecord;
import io.flowpulse.flink.model.NodeUpdate;
import io.flowpulse.flink.model.WindowPart;
import io.flowpulse.streams.topology.TopologySettings;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka sources and the exactly-once Kafka sinks of the job, from its settings.
 *
 * <p>Sinks: Flink's two-phase-commit {@link KafkaSink} with {@link DeliveryGuarantee#EXACTLY_ONCE}. Each
 * writes in a Kafka transaction that is pre-committed when a checkpoint is taken and committed when the
 * checkpoint completes; after a failure, the job restarts from the last completed checkpoint and the
 * transactions opened after it are aborted, so a read_committed consumer sees every result once. The
 * transactional ids start with the job's prefix plus the sink's name.
 */
public final class KafkaConnectors {

    /**
     * Kafka transactions of the sinks time out after this (the broker's transaction.max.timeout.ms is
     * 15 min by default; Flink's producer default of 1 h would be refused).
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private KafkaConnectors() {
    }

    public static FlinkSources sources(FlinkSettings settings) {
        TopologySettings analytics = settings.analytics();
        KafkaSource<FlowsRecord> flows = source(settings, analytics.flowsTopic(), "flows",
                new FlowsDeserializer(settings.registryConfig()), settings.startFromCommitted());
        // the inventory is compacted and small: always read it whole
        KafkaSource<NodeUpdate> nodes = source(settings, analytics.nodesTopic(), "nodes", new NodesDeserializer(), false);
        return new FlinkSources(flows, nodes);
    }

    public static FlinkSinks sinks(FlinkSettings settings) {
        TopologySettings analytics = settings.analytics();
        KafkaSink<WindowPart> results = sink(settings, "results", new ResultsSerializer(analytics.linksTopic(),
                analytics.dnsTopic(), analytics.latencyTopic(), analytics.windowSize(), analytics.suspiciousNames(),
                settings.registryConfig()));
        KafkaSink<AlertChange> alerts = sink(settings, "alerts",
                new AlertsSerializer(analytics.alertsTopic(), settings.registryConfig()));
        KafkaSink<DeadLetter> deadLetters = settings.dlqTopic() == null ? null
                : sink(settings, "dlq", new DeadLetterSerializer(settings.dlqTopic()));
        return new FlinkSinks(results, alerts, deadLetters);
    }

    private static <T> KafkaSource<T> source(FlinkSettings settings, String topic, String name,
                                             KafkaRecordDeserializationSchema<T> deserializer, boolean committed) {
        KafkaSourceBuilder<T> builder = KafkaSource.<T>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setProperties(clientProperties(settings))
                .setTopics(topic)
                .setGroupId(settings.groupId() + "-" + name)
                .setClientIdPrefix(settings.groupId() + "-" + name)
                .setStartingOffsets(committed ? OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)
                        : OffsetsInitializer.earliest())
                .setDeserializer(deserializer)
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (settings.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static <T> KafkaSink<T> sink(FlinkSettings settings, String name, KafkaRecordSerializationSchema<T> schema) {
        Properties producer = clientProperties(settings);
        producer.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        return KafkaSink.<T>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(settings.transactionalIdPrefix() + "-" + name)
                .build();
    }

    /** The extra Kafka settings without the registry's keys. */
    private static Properties clientProperties(FlinkSettings settings) {
        Properties props = new Properties();
        settings.kafka().forEach((k, v) -> {
            String key = k.toString();
            if (!key.startsWith("schema.registry.") && !key.equals("basic.auth.user.info")) {
                props.put(key, v.toString());
            }
        });
        return props;
    }
}
