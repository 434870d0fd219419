package io.flowpulse.ingest;

import io.flowpulse.runtime.Config;
import io.flowpulse.schemas.Topics;
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
        int httpPort) {

    public static final Map<String, String> DEFAULTS = Map.of(
            "kafka.bootstrap.servers", "127.0.0.1:9092",
            "schema.registry.url", "http://127.0.0.1:8081",
            "topics.flows", Topics.FLOWS,
            "topics.nodes", Topics.NODES,
            "topics.dlq", Topics.DLQ,
            "topics.partitions", "4",
            "topics.replication", "1",
            "topics.retention.ms", "604800000",
            "http.host", "0.0.0.0",
            "http.port", "9401");

    public static IngestSettings from(Config config) {
        Properties kafka = config.withPrefix("kafka");
        kafka.remove("bootstrap.servers");
        return new IngestSettings(
                config.require("kafka.bootstrap.servers"),
                config.require("schema.registry.url"),
                config.get("topics.flows", Topics.FLOWS),
                config.get("topics.nodes", Topics.NODES),
                config.get("topics.dlq", Topics.DLQ),
                config.getInt("topics.partitions", 4),
                (short) config.getInt("topics.replication", 1),
                config.getLong("topics.retention.ms", 604_800_000L),
                kafka,
                config.get("http.host", "0.0.0.0"),
                config.getInt("http.port", 9401));
    }
}
