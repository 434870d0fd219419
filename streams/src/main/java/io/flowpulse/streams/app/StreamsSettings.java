package io.flowpulse.streams.app;

import io.flowpulse.runtime.Config;
import io.flowpulse.schemas.Topics;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
                              Duration handshakeTimeout,
                              Path topologyFile, AlertThresholds alertThresholds, String httpHost, int httpPort,
                              Properties kafkaOverrides) {

    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        m.put("schema.registry.url", "http://127.0.0.1:8081");
        m.put("streams.application.id", "flowpulse-streams");
        m.put("topics.flows", Topics.FLOWS);
        m.put("topics.nodes", Topics.NODES);
        m.put("topics.links", Topics.LINKS);
        m.put("topics.dns", Topics.DNS);
        m.put("topics.latency", Topics.LATENCY);
        m.put("topics.alerts", Topics.ALERTS);
        m.put("topics.dlq", Topics.DLQ);
        m.put("topics.partitions", "4");
        m.put("topics.replication", "1");
        m.put("topics.retention.ms", "604800000");
        m.put("streams.window.seconds", "60");
        m.put("streams.grace.seconds", "10");
        m.put("streams.partials.partitions", "0");
        m.put("streams.num.standby.replicas", "0");
        m.put("streams.num.stream.threads", "1");
        m.put("streams.state.dir", Path.of(System.getProperty("java.io.tmpdir"), "flowpulse-streams").toString());
        m.put("streams.watermark.interval", "5s");
        m.put("streams.idle.timeout", "30s");
        m.put("streams.handshake.timeout", "10s");
        m.put("streams.topology.file", "");
        m.put("http.host", "0.0.0.0");
        m.put("http.port", "9402");
        m.putAll(AlertSettings.DEFAULTS);
        return java.util.Collections.unmodifiableMap(m);
    }

    public static StreamsSettings from(Config config) {
        Properties kafka = config.withPrefix("kafka");
        kafka.remove("bootstrap.servers");
        String topologyFile = config.get("streams.topology.file", "");
        long windowSeconds = config.getLong("streams.window.seconds", 60);
        long graceSeconds = config.getLong("streams.grace.seconds", 10);
        if (windowSeconds <= 0) {
            throw new Config.ConfigException("setting 'streams.window.seconds' must be positive, got " + windowSeconds);
        }
        if (graceSeconds < 0) {
            throw new Config.ConfigException("setting 'streams.grace.seconds' must not be negative, got " + graceSeconds);
        }
        return new StreamsSettings(
                config.require("kafka.bootstrap.servers"),
                config.require("schema.registry.url"),
                config.require("streams.application.id"),
                config.get("topics.flows", Topics.FLOWS),
                config.get("topics.nodes", Topics.NODES),
                config.get("topics.links", Topics.LINKS),
                config.get("topics.dns", Topics.DNS),
                config.get("topics.latency", Topics.LATENCY),
                config.get("topics.alerts", Topics.ALERTS),
                config.get("topics.dlq", Topics.DLQ),
                config.getInt("topics.partitions", 4),
                (short) config.getInt("topics.replication", 1),
                config.getLong("topics.retention.ms", 604_800_000L),
                Duration.ofSeconds(windowSeconds),
                Duration.ofSeconds(graceSeconds),
                config.getInt("streams.partials.partitions", 0),
                config.getInt("streams.num.standby.replicas", 0),
                config.getInt("streams.num.stream.threads", 1),
                Path.of(config.require("streams.state.dir")),
                config.getDuration("streams.watermark.interval", Duration.ofSeconds(5)),
                config.getDuration("streams.idle.timeout", Duration.ofSeconds(30)),
                config.getDuration("streams.handshake.timeout", Duration.ofSeconds(10)),
                topologyFile.isBlank() ? null : Path.of(topologyFile),
                AlertSettings.from(config),
                config.get("http.host", "0.0.0.0"),
                config.getInt("http.port", 9402),
                kafka);
    }
}
