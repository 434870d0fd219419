package io.flowpulse.sink;

import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.runtime.Secrets;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import io.flowpulse.schemas.tls.TrustStores;
import io.flowpulse.schemas.TopicSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;

/**
 * The sink's settings, read from {@link Config}. Keys (environment variable = FLOWPULSE_ +
 * key upper-cased, dots as underscores):
 * <ul>
 * <li>{@code kafka.bootstrap.servers}; any other {@code kafka.*} key is passed to the consumer and the DLQ producer</li>
 * <li>{@code schema.registry.url}; {@code schema.registry.*} and {@code basic.auth.*} for an https registry
 *     with credentials (Confluent's keys)</li>
 * <li>{@code topics.links}, {@code topics.dns}, {@code topics.latency}, {@code topics.alerts}, {@code topics.flows}, {@code topics.dlq}</li>
 * <li>{@code clickhouse.url}, {@code clickhouse.user}, {@code clickhouse.password}, {@code clickhouse.database}, {@code clickhouse.timeout};
 *     {@code clickhouse.ssl.truststore.location}, {@code .password}, {@code .type} (PKCS12, JKS or PEM) to trust
 *     a private CA of an https:// ClickHouse; a password may come from {@code clickhouse.password.file}</li>
 * <li>{@code sink.group.id}, {@code sink.batch.rows}, {@code sink.linger}, {@code sink.retention.days},
 *     {@code sink.retention.check.interval}, {@code sink.raw.flows}, {@code sink.raw.flows.sample.ratio},
 *     {@code sink.retry.initial.backoff}, {@code sink.retry.max.backoff},
 *     {@code sink.avro.transcode} (window records straight from Avro bytes to rows when the writer schema is the current one)</li>
 * <li>{@code http.host}, {@code http.port}: metrics and health</li>
 * </ul>
 */
public record SinkSettings(
        String bootstrapServers,
        String registryUrl,
        String linksTopic,
        String dnsTopic,
        String latencyTopic,
        String alertsTopic,
        String flowsTopic,
        String dlqTopic,
        String clickHouseUrl,
        String clickHouseUser,
        String clickHousePassword,
        String database,
        Duration clickHouseTimeout,
        String groupId,
        int batchRows,
        Duration linger,
        int retentionDays,
        Duration retentionCheckInterval,
        boolean rawFlows,
        double flowSampleRatio,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff,
        boolean transcodeAvro,
        Properties kafkaOverrides,
        String httpHost,
        int httpPort,
        Map<String, String> registrySettings,
        String clickHouseTrustStore,
        String clickHouseTrustStorePassword,
        String clickHouseTrustStoreType) {

    /** Every key with its default. */
    public static final Map<String, String> DEFAULTS = CommonSettings.join(
            CommonSettings.CONNECTION,
            TopicSettings.defaults(TopicSettings.LINKS, TopicSettings.DNS, TopicSettings.LATENCY, TopicSettings.ALERTS,
                    TopicSettings.FLOWS, TopicSettings.DLQ),
            CommonSettings.ordered(
                    "clickhouse.url", "http://127.0.0.1:8123",
                    "clickhouse.user", "default",
                    "clickhouse.password", "",
                    "clickhouse.database", "flowpulse",
                    "clickhouse.timeout", "60s",
                    "clickhouse.ssl.truststore.location", "",
                    "clickhouse.ssl.truststore.password", "",
                    "clickhouse.ssl.truststore.type", "",
                    "sink.group.id", "flowpulse-sink",
                    "sink.batch.rows", "50000",
                    "sink.linger", "1s",
                    "sink.retention.days", "30",
                    "sink.retention.check.interval", "1h",
                    "sink.raw.flows", "false",
                    "sink.raw.flows.sample.ratio", "1.0",
                    "sink.retry.initial.backoff", "200ms",
                    "sink.retry.max.backoff", "30s",
                    "sink.avro.transcode", "true"),
            CommonSettings.http(9404));

    public SinkSettings {
        if (batchRows < 1) {
            throw new Config.ConfigException("sink.batch.rows must be at least 1, got " + batchRows);
        }
        if (retentionDays < 0) {
            throw new Config.ConfigException("sink.retention.days must be 0 (keep forever) or more, got " + retentionDays);
        }
        if (!(flowSampleRatio >= 0 && flowSampleRatio <= 1)) {
            throw new Config.ConfigException("sink.raw.flows.sample.ratio must be within [0, 1], got " + flowSampleRatio);
        }
        if (clickHouseUrl == null || !clickHouseUrl.matches("https?://.+")) {
            throw new Config.ConfigException("clickhouse.url must be an http:// or https:// URL, got '" + clickHouseUrl + "'");
        }
        if (database == null || !database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new Config.ConfigException("clickhouse.database must be a plain identifier (letters, digits, "
                    + "underscore), got '" + database + "'");
        }
        kafkaOverrides = (Properties) kafkaOverrides.clone();
        Map<String, String> registry = new TreeMap<>(registrySettings);
        registry.put(CommonSettings.REGISTRY_URL, registryUrl);
        registrySettings = Map.copyOf(registry);
    }

    /** Reads every setting; the defaults come from the configuration's defaults layer ({@link #DEFAULTS}). */
    public static SinkSettings from(Config config) {
        KafkaClientProperties kafka = KafkaClientProperties.from(config);
        return new SinkSettings(
                kafka.bootstrapServers(),
                config.require(CommonSettings.REGISTRY_URL),
                config.get(TopicSettings.LINKS),
                config.get(TopicSettings.DNS),
                config.get(TopicSettings.LATENCY),
                config.get(TopicSettings.ALERTS),
                config.get(TopicSettings.FLOWS),
                config.get(TopicSettings.DLQ),
                config.require("clickhouse.url"),
                config.get("clickhouse.user"),
                config.get("clickhouse.password"),
                config.get("clickhouse.database"),
                config.getDuration("clickhouse.timeout"),
                config.get("sink.group.id"),
                config.getInt("sink.batch.rows"),
                config.getDuration("sink.linger"),
                config.getInt("sink.retention.days"),
                config.getDuration("sink.retention.check.interval"),
                config.getBoolean("sink.raw.flows"),
                config.getDouble("sink.raw.flows.sample.ratio"),
                config.getDuration("sink.retry.initial.backoff"),
                config.getDuration("sink.retry.max.backoff"),
                config.getBoolean("sink.avro.transcode"),
                kafka.overrides(),
                config.get(CommonSettings.HTTP_HOST),
                config.getInt(CommonSettings.HTTP_PORT),
                CommonSettings.registryClient(config),
                config.get("clickhouse.ssl.truststore.location"),
                config.get("clickhouse.ssl.truststore.password"),
                config.get("clickhouse.ssl.truststore.type"));
    }

    /** Settings for tests and embedding: the defaults with these overrides, no file, no environment. */
    public static SinkSettings of(Map<String, String> overrides) {
        return from(Config.builder().defaults(DEFAULTS).overrides(overrides).build());
    }

    /** The Kafka connection: bootstrap servers and the {@code kafka.*} settings. */
    public KafkaClientProperties kafkaClients() {
        return KafkaClientProperties.of(bootstrapServers, kafkaOverrides);
    }

    /** The registry client of these settings (shared with every other use of the same settings in this JVM). */
    public SchemaRegistryClient registryClient() {
        return AvroSerdeConfig.registryClient(registrySettings);
    }

    /** The TLS context trusting {@code clickhouse.ssl.truststore.*}; empty to trust the JVM's default CAs. */
    public Optional<SSLContext> clickHouseSslContext() {
        if (clickHouseTrustStore == null || clickHouseTrustStore.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(TrustStores.sslContext(clickHouseTrustStore, clickHouseTrustStorePassword,
                clickHouseTrustStoreType));
    }

    /** Secrets (the ClickHouse password, a SASL JAAS configuration, registry credentials) masked. */
    @Override
    public String toString() {
        return "SinkSettings[bootstrapServers=" + bootstrapServers + ", registry=" + Secrets.masked(registrySettings)
                + ", clickhouse=" + clickHouseUrl + " user " + clickHouseUser + " password "
                + Secrets.shown("password", clickHousePassword) + " database " + database
                + (clickHouseTrustStore.isBlank() ? "" : " truststore " + clickHouseTrustStore)
                + ", topics=" + inputTopics() + ", group=" + groupId + ", kafka=" + Secrets.masked(kafkaOverrides)
                + ", http=" + httpHost + ":" + httpPort + "]";
    }

    /** The topics consumed: the four result topics, plus the raw flows when enabled. */
    public List<String> inputTopics() {
        return rawFlows ? List.of(linksTopic, dnsTopic, latencyTopic, alertsTopic, flowsTopic)
                : List.of(linksTopic, dnsTopic, latencyTopic, alertsTopic);
    }
}
