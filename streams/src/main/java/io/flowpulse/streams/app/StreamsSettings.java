package io.flowpulse.streams.app;

import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.runtime.Secrets;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import io.flowpulse.schemas.TopicSettings;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import io.flowpulse.streams.topology.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of the streams service, read from {@link Config}. {@link #DEFAULTS} lists every key;
 * further {@code kafka.*} keys pass through to the Kafka Streams configuration
 * (e.g. {@code kafka.security.protocol}).
 */
public record StreamsSettings(String bootstrapServers, String registryUrl, String applicationId,
                              String flowsTopic, String nodesTopic, String linksTopic, String dnsTopic,
                              String latencyTopic, String alertsTopic, String dlqTopic,
                              int topicPartitions, short topicReplication, long topicRetentionMs,
                              Duration window, Duration grace, int partialsPartitions, int standbyReplicas,
                              int streamThreads, Path stateDir, Duration watermarkInterval, Duration idleTimeout,
                              Duration handshakeTimeout, int maxKeysPerWindow,
                              Path topologyFile, AlertThresholds alertThresholds, String httpHost, int httpPort,
                              Properties kafkaOverrides, BoundedMemoryRocksDbConfig.Limits rocksDbLimits,
                              Map<String, String> registrySettings) {

    public StreamsSettings {
        Map<String, String> registry = new java.util.TreeMap<>(registrySettings);
        registry.put(CommonSettings.REGISTRY_URL, registryUrl);
        registrySettings = Map.copyOf(registry);
    }

    public static final String WINDOW_SECONDS = "streams.window.seconds";
    public static final String GRACE_SECONDS = "streams.grace.seconds";
    public static final String HANDSHAKE_TIMEOUT = "streams.handshake.timeout";
    /** The most distinct keys per aggregate type in one open window of one flows partition. */
    public static final String MAX_KEYS_PER_WINDOW = "streams.window.max.keys";

    /** Every key with its default, in the order {@code flowpulse streams --help} lists them. */
    public static final Map<String, String> DEFAULTS = CommonSettings.join(
            CommonSettings.CONNECTION,
            CommonSettings.ordered("streams.application.id", "flowpulse-streams"),
            TopicSettings.DEFAULTS,
            CommonSettings.TOPIC_LAYOUT,
            CommonSettings.ordered(
                    WINDOW_SECONDS, Long.toString(TopologySettings.DEFAULT_WINDOW.toSeconds()),
                    GRACE_SECONDS, Long.toString(TopologySettings.DEFAULT_GRACE.toSeconds()),
                    "streams.partials.partitions", "0",
                    "streams.num.standby.replicas", "0",
                    "streams.num.stream.threads", "1",
                    "streams.state.dir", Path.of(System.getProperty("java.io.tmpdir"), "flowpulse-streams").toString(),
                    "streams.watermark.interval", text(TopologySettings.DEFAULT_WATERMARK_INTERVAL),
                    "streams.idle.timeout", text(TopologySettings.DEFAULT_IDLE_TIMEOUT),
                    HANDSHAKE_TIMEOUT, text(TopologySettings.DEFAULT_HANDSHAKE_TIMEOUT),
                    MAX_KEYS_PER_WINDOW, Integer.toString(TopologySettings.DEFAULT_MAX_KEYS_PER_WINDOW),
                    "streams.topology.file", ""),
            CommonSettings.http(9402),
            BoundedMemoryRocksDbConfig.DEFAULTS,
            AlertSettings.DEFAULTS);

    /** Reads every setting; the defaults come from the configuration's defaults layer ({@link #DEFAULTS}). */
    public static StreamsSettings from(Config config) {
        KafkaClientProperties kafka = KafkaClientProperties.from(config);
        return new StreamsSettings(
                kafka.bootstrapServers(),
                config.require(CommonSettings.REGISTRY_URL),
                config.require("streams.application.id"),
                config.get(TopicSettings.FLOWS),
                config.get(TopicSettings.NODES),
                config.get(TopicSettings.LINKS),
                config.get(TopicSettings.DNS),
                config.get(TopicSettings.LATENCY),
                config.get(TopicSettings.ALERTS),
                config.get(TopicSettings.DLQ),
                config.getInt(CommonSettings.TOPIC_PARTITIONS),
                (short) config.getInt(CommonSettings.TOPIC_REPLICATION),
                config.getLong(CommonSettings.TOPIC_RETENTION_MS),
                window(config),
                grace(config),
                config.getInt("streams.partials.partitions"),
                config.getInt("streams.num.standby.replicas"),
                config.getInt("streams.num.stream.threads"),
                Path.of(config.require("streams.state.dir")),
                config.getDuration("streams.watermark.interval"),
                config.getDuration("streams.idle.timeout"),
                config.getDuration(HANDSHAKE_TIMEOUT),
                maxKeysPerWindow(config),
                config.optional("streams.topology.file").filter(f -> !f.isBlank()).map(Path::of).orElse(null),
                AlertSettings.from(config),
                config.get(CommonSettings.HTTP_HOST),
                config.getInt(CommonSettings.HTTP_PORT),
                kafka.overrides(),
                BoundedMemoryRocksDbConfig.Limits.from(config),
                CommonSettings.registryClient(config));
    }

    /** The registry client of these settings: the URL with {@code schema.registry.*} and {@code basic.auth.*}. */
    public SchemaRegistryClient registryClient() {
        return AvroSerdeConfig.registryClient(registrySettings);
    }

    /** Secrets (a SASL JAAS configuration, registry credentials) masked. */
    @Override
    public String toString() {
        return "StreamsSettings[bootstrapServers=" + bootstrapServers + ", registry=" + Secrets.masked(registrySettings)
                + ", applicationId=" + applicationId + ", window=" + window + ", grace=" + grace
                + ", kafka=" + Secrets.masked(kafkaOverrides) + ", http=" + httpHost + ":" + httpPort + "]";
    }

    /** {@value #WINDOW_SECONDS}: the tumbling window size, positive. */
    public static Duration window(Config config) {
        long seconds = config.getLong(WINDOW_SECONDS);
        if (seconds <= 0) {
            throw new Config.ConfigException("setting '" + WINDOW_SECONDS + "' must be positive, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /** {@value #GRACE_SECONDS}: how long after its end a window still takes records, not negative. */
    public static Duration grace(Config config) {
        long seconds = config.getLong(GRACE_SECONDS);
        if (seconds < 0) {
            throw new Config.ConfigException("setting '" + GRACE_SECONDS + "' must not be negative, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /**
     * {@value #MAX_KEYS_PER_WINDOW}: the most distinct keys per aggregate type that one flows partition
     * keeps in one open window; keys new to a full window go to its overflow key. At least 1.
     */
    public static int maxKeysPerWindow(Config config) {
        int max = config.getInt(MAX_KEYS_PER_WINDOW);
        if (max < 1) {
            throw new Config.ConfigException("setting '" + MAX_KEYS_PER_WINDOW + "' must be at least 1, got " + max);
        }
        return max;
    }

    /** The Kafka connection: bootstrap servers and the {@code kafka.*} settings. */
    public KafkaClientProperties kafkaClients() {
        return KafkaClientProperties.of(bootstrapServers, kafkaOverrides);
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
