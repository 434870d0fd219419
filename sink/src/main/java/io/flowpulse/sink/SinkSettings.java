package io.flowpulse.sink;

import io.flowpulse.runtime.Config;
import io.flowpulse.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The sink's settings, read from {@link Config}. Keys (environment variable = FLOWPULSE_ +
 * key upper-cased, dots as underscores):
 * <ul>
 * <li>{@code kafka.bootstrap.servers}; any other {@code kafka.*} key is passed to the consumer and the DLQ producer</li>
 * <li>{@code schema.registry.url}</li>
 * <li>{@code topics.links}, {@code topics.dns}, {@code topics.latency}, {@code topics.alerts}, {@code topics.flows}, {@code topics.dlq}</li>
 * <li>{@code clickhouse.url}, {@code clickhouse.user}, {@code clickhouse.password}, {@code clickhouse.database}, {@code clickhouse.timeout}</li>
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
        int httpPort) {

    public static final Map<String, String> DEFAULTS = defaults();

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
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new TreeMap<>();
        d.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        d.put("schema.registry.url", "http://127.0.0.1:8081");
        d.put("topics.links", Topics.LINKS);
        d.put("topics.dns", Topics.DNS);
        d.put("topics.latency", Topics.LATENCY);
        d.put("topics.alerts", Topics.ALERTS);
        d.put("topics.flows", Topics.FLOWS);
        d.put("topics.dlq", Topics.DLQ);
        d.put("clickhouse.url", "http://127.0.0.1:8123");
        d.put("clickhouse.user", "default");
        d.put("clickhouse.password", "");
        d.put("clickhouse.database", "flowpulse");
        d.put("clickhouse.timeout", "60s");
        d.put("sink.group.id", "flowpulse-sink");
        d.put("sink.batch.rows", "50000");
        d.put("sink.linger", "1s");
        d.put("sink.retention.days", "30");
        d.put("sink.retention.check.interval", "1h");
        d.put("sink.raw.flows", "false");
        d.put("sink.raw.flows.sample.ratio", "1.0");
        d.put("sink.retry.initial.backoff", "200ms");
        d.put("sink.retry.max.backoff", "30s");
        d.put("sink.avro.transcode", "true");
        d.put("http.host", "0.0.0.0");
        d.put("http.port", "9404");
        return Map.copyOf(d);
    }

    public static SinkSettings from(Config config) {
        Properties kafka = config.withPrefix("kafka");
        kafka.remove("bootstrap.servers");
        return new SinkSettings(
                config.require("kafka.bootstrap.servers"),
                config.require("schema.registry.url"),
                config.get("topics.links", Topics.LINKS),
                config.get("topics.dns", Topics.DNS),
                config.get("topics.latency", Topics.LATENCY),
                config.get("topics.alerts", Topics.ALERTS),
                config.get("topics.flows", Topics.FLOWS),
                config.get("topics.dlq", Topics.DLQ),
                config.require("clickhouse.url"),
                config.get("clickhouse.user", ""),
                config.get("clickhouse.password", ""),
                config.get("clickhouse.database", "flowpulse"),
                config.getDuration("clickhouse.timeout", Duration.ofSeconds(60)),
                config.get("sink.group.id", "flowpulse-sink"),
                config.getInt("sink.batch.rows", 50_000),
                config.getDuration("sink.linger", Duration.ofSeconds(1)),
                config.getInt("sink.retention.days", 30),
                config.getDuration("sink.retention.check.interval", Duration.ofHours(1)),
                config.getBoolean("sink.raw.flows", false),
                config.getDouble("sink.raw.flows.sample.ratio", 1.0),
                config.getDuration("sink.retry.initial.backoff", Duration.ofMillis(200)),
                config.getDuration("sink.retry.max.backoff", Duration.ofSeconds(30)),
                config.getBoolean("sink.avro.transcode", true),
                kafka,
                config.get("http.host", "0.0.0.0"),
                config.getInt("http.port", 9404));
    }

    /** Settings for tests and embedding: the defaults with these overrides, no file, no environment. */
    public static SinkSettings of(Map<String, String> overrides) {
        return from(Config.builder().defaults(DEFAULTS).overrides(overrides).build());
    }

    /** The topics consumed: the four result topics, plus the raw flows when enabled. */
    public List<String> inputTopics() {
        return rawFlows ? List.of(linksTopic, dnsTopic, latencyTopic, alertsTopic, flowsTopic)
                : List.of(linksTopic, dnsTopic, latencyTopic, alertsTopic);
    }
}
