package io.flowpulse.ingest;

import io.flowpulse.ingest.relay.RelaySettings;
import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.runtime.Secrets;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import io.flowpulse.schemas.TopicSettings;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Ingest's settings, read from {@link Config}. Keys (with their environment variables as
 * FLOWPULSE_ + key in upper case, dots as underscores):
 * <ul>
 * <li>{@code kafka.bootstrap.servers}, any other {@code kafka.*} producer setting</li>
 * <li>{@code schema.registry.url}; {@code schema.registry.*} and {@code basic.auth.*} for an https
 *     registry with credentials (Confluent's keys, e.g. {@code schema.registry.ssl.truststore.location})</li>
 * <li>{@code topics.flows}, {@code topics.nodes}, {@code topics.dlq}</li>
 * <li>{@code topics.partitions}, {@code topics.replication}, {@code topics.retention.ms} for topics ingest creates</li>
 * <li>{@code http.host}, {@code http.port}: metrics and health</li>
 * <li>{@code input.*}: what input is accepted ({@link InputSettings})</li>
 * <li>{@code relay.flow-control-window-bytes}: see {@link RelaySettings#flowControlWindowBytes()}</li>
 * <li>{@code relay.keepalive}: see {@link RelaySettings#keepAliveTime()}</li>
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
        Map<String, String> registrySettings,
        InputLimits inputLimits) {

    public IngestSettings {
        producerOverrides = (Properties) producerOverrides.clone();
        Map<String, String> registry = new TreeMap<>(registrySettings);
        registry.put(CommonSettings.REGISTRY_URL, registryUrl);
        registrySettings = Map.copyOf(registry);
    }

    /** Every key with its default. */
    public static final Map<String, String> DEFAULTS = CommonSettings.join(
            CommonSettings.CONNECTION,
            TopicSettings.defaults(TopicSettings.FLOWS, TopicSettings.NODES, TopicSettings.DLQ),
            CommonSettings.TOPIC_LAYOUT,
            CommonSettings.http(9401),
            InputSettings.DEFAULTS,
            RelaySettings.DEFAULTS);

    /** Settings of a registry reached at its URL alone, with the default input limits. */
    public IngestSettings(String bootstrapServers, String registryUrl, String flowsTopic, String nodesTopic,
                          String dlqTopic, int partitions, short replication, long retentionMs,
                          Properties producerOverrides, String httpHost, int httpPort) {
        this(bootstrapServers, registryUrl, flowsTopic, nodesTopic, dlqTopic, partitions, replication, retentionMs,
                producerOverrides, httpHost, httpPort, Map.of(), InputLimits.DEFAULTS);
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
                CommonSettings.registryClient(config),
                InputSettings.limits(config));
    }

    /** These settings with other input limits. */
    public IngestSettings withInputLimits(InputLimits limits) {
        return new IngestSettings(bootstrapServers, registryUrl, flowsTopic, nodesTopic, dlqTopic, partitions,
                replication, retentionMs, producerOverrides, httpHost, httpPort, registrySettings, limits);
    }

    /** The Kafka connection: bootstrap servers and the {@code kafka.*} settings. */
    public KafkaClientProperties kafkaClients() {
        return KafkaClientProperties.of(bootstrapServers, producerOverrides);
    }

    /** The registry client of these settings (shared with every other use of the same settings in this JVM). */
    public SchemaRegistryClient registryClient() {
        return AvroSerdeConfig.registryClient(registrySettings);
    }

    /** Secrets (a SASL JAAS configuration, registry credentials) masked. */
    @Override
    public String toString() {
        return "IngestSettings[bootstrapServers=" + bootstrapServers + ", registry=" + Secrets.masked(registrySettings)
                + ", topics=" + flowsTopic + "," + nodesTopic + "," + dlqTopic + ", kafka=" + Secrets.masked(producerOverrides)
                + ", http=" + httpHost + ":" + httpPort + "]";
    }
}

