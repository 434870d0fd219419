package io.flowpulse.console;

import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import io.flowpulse.schemas.TopicSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The console's settings, read from {@link Config}; {@link #DEFAULTS} lists every key with its
 * default (environment variable = FLOWPULSE_ + key upper-cased, dots and dashes as underscores):
 * <ul>
 * <li>{@code console.host}, {@code console.port}: where the page and its event stream are served
 *     (127.0.0.1, 9405; port 0 picks a free one)</li>
 * <li>{@code console.token}: when set, every request needs {@code Authorization: Bearer TOKEN}
 *     (the page itself gets a cookie by opening {@code /?token=TOKEN} once)</li>
 * <li>{@code console.history.max-events}, {@code console.history.max-age}: the recent history kept
 *     in memory and sent to every new page; {@code console.history.backfill}: fill it at start from
 *     ClickHouse (when {@code clickhouse.url} is set) or by reading the topics back by time</li>
 * <li>{@code console.client.queue}: events a browser may have outstanding before it gets a fresh
 *     snapshot instead; {@code console.clients.max}; {@code console.heartbeat};
 *     {@code console.stats.interval}</li>
 * <li>{@code kafka.bootstrap.servers} (other {@code kafka.*} keys pass to the consumer and admin
 *     client), {@code schema.registry.url}, {@code topics.*}</li>
 * <li>{@code clickhouse.url} (empty: no ClickHouse), {@code clickhouse.user},
 *     {@code clickhouse.password}, {@code clickhouse.database}; {@code sink.group.id}: the sink's
 *     consumer group, whose committed offsets say where ClickHouse ends and the topics take over</li>
 * <li>{@code http.host}, {@code http.port}: metrics and health</li>
 * </ul>
 */
public record ConsoleSettings(
        String host,
        int port,
        String token,
        int historyMaxEvents,
        Duration historyMaxAge,
        boolean backfill,
        int clientQueue,
        int maxClients,
        Duration heartbeat,
        Duration statsInterval,
        String bootstrapServers,
        String registryUrl,
        String flowsTopic,
        String nodesTopic,
        String linksTopic,
        String dnsTopic,
        String latencyTopic,
        String alertsTopic,
        String clickHouseUrl,
        String clickHouseUser,
        String clickHousePassword,
        String clickHouseDatabase,
        String sinkGroupId,
        Properties kafkaOverrides,
        String httpHost,
        int httpPort,
        Map<String, String> registrySettings,
        String clickHouseTrustStore,
        String clickHouseTrustStorePassword,
        String clickHouseTrustStoreType) {

    /** Every key with its default. */
    public static final Map<String, String> DEFAULTS = CommonSettings.join(
            CommonSettings.ordered(
                    "console.host", "127.0.0.1",
                    "console.port", "9405",
                    "console.token", "",
                    "console.history.max-events", "20000",
                    "console.history.max-age", "30m",
                    "console.history.backfill", "true",
                    "console.client.queue", "4096",
                    "console.clients.max", "200",
                    "console.heartbeat", "15s",
                    "console.stats.interval", "3s"),
            CommonSettings.CONNECTION,
            TopicSettings.defaults(TopicSettings.FLOWS, TopicSettings.NODES, TopicSettings.LINKS, TopicSettings.DNS,
                    TopicSettings.LATENCY, TopicSettings.ALERTS),
            CommonSettings.ordered(
                    "clickhouse.url", "",
                    "clickhouse.user", "default",
                    "clickhouse.password", "",
                    "clickhouse.ssl.truststore.location", "",
                    "clickhouse.ssl.truststore.password", "",
                    "clickhouse.ssl.truststore.type", "",
                    "clickhouse.database", "flowpulse",
                    "sink.group.id", "flowpulse-sink"),
            CommonSettings.http(9406));

    public ConsoleSettings {
        Map<String, String> registry = new java.util.TreeMap<>(registrySettings);
        registry.put(CommonSettings.REGISTRY_URL, registryUrl);
        registrySettings = Map.copyOf(registry);
        if (port < 0 || port > 65535) {
            throw new Config.ConfigException("console.port must be between 0 and 65535, got " + port);
        }
        if (historyMaxEvents < 100 || historyMaxEvents > 5_000_000) {
            throw new Config.ConfigException("console.history.max-events must be between 100 and 5000000, got "
                    + historyMaxEvents);
        }
        if (historyMaxAge.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new Config.ConfigException("console.history.max-age must be at least 1m, got " + historyMaxAge);
        }
        if (clientQueue < 16) {
            throw new Config.ConfigException("console.client.queue must be at least 16, got " + clientQueue);
        }
        if (maxClients < 1) {
            throw new Config.ConfigException("console.clients.max must be at least 1, got " + maxClients);
        }
        if (heartbeat.toMillis() < 100 || statsInterval.toMillis() < 100) {
            throw new Config.ConfigException("console.heartbeat and console.stats.interval must be at least 100ms");
        }
        if (token != null && !token.isEmpty() && !token.matches("[\\x21-\\x7e]{8,}")) {
            throw new Config.ConfigException("console.token must be at least 8 printable characters without spaces");
        }
        if (clickHouseUrl != null && !clickHouseUrl.isEmpty() && !clickHouseUrl.matches("https?://.+")) {
            throw new Config.ConfigException("clickhouse.url must be an http:// or https:// URL, got '" + clickHouseUrl + "'");
        }
        if (clickHouseDatabase == null || !clickHouseDatabase.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new Config.ConfigException("clickhouse.database must be a plain identifier, got '" + clickHouseDatabase + "'");
        }
        token = token == null ? "" : token;
        clickHouseUrl = clickHouseUrl == null ? "" : clickHouseUrl;
        kafkaOverrides = (Properties) kafkaOverrides.clone();
    }

    /** Reads every setting; the defaults come from the configuration's defaults layer ({@link #DEFAULTS}). */
    public static ConsoleSettings from(Config config) {
        KafkaClientProperties kafka = KafkaClientProperties.from(config);
        return new ConsoleSettings(
                config.get("console.host"),
                config.getInt("console.port"),
                config.get("console.token"),
                config.getInt("console.history.max-events"),
                config.getDuration("console.history.max-age"),
                config.getBoolean("console.history.backfill"),
                config.getInt("console.client.queue"),
                config.getInt("console.clients.max"),
                config.getDuration("console.heartbeat"),
                config.getDuration("console.stats.interval"),
                kafka.bootstrapServers(),
                config.require(CommonSettings.REGISTRY_URL),
                config.get(TopicSettings.FLOWS),
                config.get(TopicSettings.NODES),
                config.get(TopicSettings.LINKS),
                config.get(TopicSettings.DNS),
                config.get(TopicSettings.LATENCY),
                config.get(TopicSettings.ALERTS),
                config.get("clickhouse.url"),
                config.get("clickhouse.user"),
                config.get("clickhouse.password"),
                config.get("clickhouse.database"),
                config.get("sink.group.id"),
                kafka.overrides(),
                config.get(CommonSettings.HTTP_HOST),
                config.getInt(CommonSettings.HTTP_PORT),
                CommonSettings.registryClient(config),
                config.get("clickhouse.ssl.truststore.location"),
                config.get("clickhouse.ssl.truststore.password"),
                config.get("clickhouse.ssl.truststore.type"));
    }

    /** Settings for tests and embedding (the demo): the defaults with these overrides, no file, no environment. */
    public static ConsoleSettings of(Map<String, String> overrides) {
        return from(Config.builder().defaults(DEFAULTS).overrides(overrides).build());
    }

    /** The window and alert topics the console follows. */
    public java.util.List<String> resultTopics() {
        return java.util.List.of(linksTopic, dnsTopic, latencyTopic, alertsTopic);
    }

    /** The registry client of these settings: the URL with {@code schema.registry.*} and {@code basic.auth.*}. */
    public SchemaRegistryClient registryClient() {
        return AvroSerdeConfig.registryClient(registrySettings);
    }

    /** The TLS context trusting {@code clickhouse.ssl.truststore.*}; null to trust the JVM's default CAs. */
    public javax.net.ssl.SSLContext clickHouseSslContext() {
        return clickHouseTrustStore.isBlank() ? null : io.flowpulse.schemas.tls.TrustStores.sslContext(
                clickHouseTrustStore, clickHouseTrustStorePassword, clickHouseTrustStoreType);
    }

    public boolean clickHouseConfigured() {
        return !clickHouseUrl.isEmpty();
    }

    @Override
    public String toString() {
        return "ConsoleSettings[" + host + ":" + port + ", token " + (token.isEmpty() ? "off" : "on") + ", history "
                + historyMaxEvents + " events / " + historyMaxAge + ", kafka " + bootstrapServers + "]";
    }
}
