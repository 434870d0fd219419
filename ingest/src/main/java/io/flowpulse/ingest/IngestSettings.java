package io.flowpulse.ingest;

import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.schemas.TopicSettings;
import java.util.Map;
import java.util.Properties;

/**
 * Ingest's settings, read from {@link Config}. Keys (with their environment variables as
 * FLOWPULSE_ + key in upper case, dots as underscores):
 * <ul>
 * <li>{@code kafka.bootstrap.servers}, any other {@code kafka.*} producer setting</li>
 * <li>{@code schema.registry.url}</li>
 * <li>{@code topics.flows}, {@code topics.nodes}, {@code topics.dlq}</li>
 * <li>{@code topics.partitions}, {@code topics.replication}, {@code topics.retention.ms} for topics ingest creates</li>
 * <li>{@code http.host}, {@code http.port}: metrics and health</li>
 * <li>{@code input.*}: what input is accepted ({@link InputSettings})</li>
 * </ul>
 */
public record IngestSettings(
        String bootstrapServers,
        String registryUrl,
        String flowsTopic,
        String nodesTopic,
        String dlqTopic,
        int partitions,
        short replication,
        long retentionMs,
        Properties producerOverrides,
        String httpHost,
        int httpPort,
        InputLimits inputLimits) {

    /** Every key with its default. */
    public static final Map<String, String> DEFAULTS = CommonSettings.join(
            CommonSettings.CONNECTION,
            TopicSettings.defaults(TopicSettings.FLOWS, TopicSettings.NODES, TopicSettings.DLQ),
            CommonSettings.TOPIC_LAYOUT,
            CommonSettings.http(9401),
            InputSettings.DEFAULTS);

    /** With the default input limits. */
    public IngestSettings(String bootstrapServers, String registryUrl, String flowsTopic, String nodesTopic,
                          String dlqTopic, int partitions, short replication, long retentionMs,
                          Properties producerOverrides, String httpHost, int httpPort) {
        this(bootstrapServers, registryUrl, flowsTopic, nodesTopic, dlqTopic, partitions, replication, retentionMs,
                producerOverrides, httpHost, httpPort, InputLimits.DEFAULTS);
    }

    /** Reads every setting; the defaults come from the configuration's defaults layer ({@link #DEFAULTS}). */
    public static IngestSettings from(Config config) {
        KafkaClientProperties kafka = KafkaClientProperties.from(config);
        return new IngestSettings(
                kafka.bootstrapServers(),
                config.require(CommonSettings.REGISTRY_URL),
                config.get(TopicSettings.FLOWS),
                config.get(TopicSettings.NODES),
                config.get(TopicSettings.DLQ),
                config.getInt(CommonSettings.TOPIC_PARTITIONS),
                (short) config.getInt(CommonSettings.TOPIC_REPLICATION),
                config.getLong(CommonSettings.TOPIC_RETENTION_MS),
                kafka.overrides(),
                config.get(CommonSettings.HTTP_HOST),
                config.getInt(CommonSettings.HTTP_PORT),
                InputSettings.limits(config));
    }

    /** These settings with other input limits. */
    public IngestSettings withInputLimits(InputLimits limits) {
        return new IngestSettings(bootstrapServers, registryUrl, flowsTopic, nodesTopic, dlqTopic, partitions,
                replication, retentionMs, producerOverrides, httpHost, httpPort, limits);
    }

    /** The Kafka connection: bootstrap servers and the {@code kafka.*} settings. */
    public KafkaClientProperties kafkaClients() {
        return KafkaClientProperties.of(bootstrapServers, producerOverrides);
    }
}

