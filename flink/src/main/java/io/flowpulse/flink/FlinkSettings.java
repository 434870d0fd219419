package io.flowpulse.flink;

import io.flowpulse.runtime.Config;
import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import io.flowpulse.streams.app.AlertSettings;
import io.flowpulse.streams.app.StreamsSettings;
import io.flowpulse.streams.logic.naming.TopologyFile;
import io.flowpulse.streams.topology.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Settings of the Flink job. The analytics part is the streams topology's own {@link TopologySettings}
 * (topics, window, grace, idle and handshake timeouts, alert thresholds, topology nodes), read from the
 * same keys as the streams service, so one configuration file serves both engines.
 *
 * @param bootstrapServers      Kafka
 * @param registryUrl           Confluent-API schema registry
 * @param analytics             what and how the job computes
 * @param dlqTopic              where unreadable flows records go; null to count and drop them
 * @param groupId               consumer group of the sources (offsets are committed on checkpoints, for monitoring)
 * @param transactionalIdPrefix prefix of the Kafka transactions of the exactly-once sinks; unique per job on a cluster
 * @param parallelism           default parallelism of the job (the alerts run as one subtask)
 * @param checkpointInterval    how often state and Kafka transactions are committed; results become
 *                              visible to read_committed consumers at this pace
 * @param checkpointDir         where checkpoints go (a file:// or other Flink file-system URI); null keeps
 *                              them in the job manager's memory (local runs)
 * @param restoreFrom           a checkpoint or savepoint to start from; null for a fresh start
 * @param bounded               stop at the end offsets the topics have when the job starts (a replay);
 *                              else run until cancelled
 * @param startFromCommitted    start from the group's committed offsets (else the earliest); a restore
 *                              uses the offsets of its checkpoint either way
 * @param kafka                 extra Kafka client settings (security and the like) for every client of the job
 */
public record FlinkSettings(String bootstrapServers, String registryUrl, TopologySettings analytics, String dlqTopic,
                            String groupId, String transactionalIdPrefix, int parallelism, Duration checkpointInterval,
                            String checkpointDir, String restoreFrom, boolean bounded, boolean startFromCommitted,
                            Properties kafka) {

    /** Every key of the Flink job with its default (the analytics keys are those of the streams service). */
    public static final Map<String, String> DEFAULTS = defaults();

    public FlinkSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(analytics, "analytics");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("the checkpoint interval must be positive, got " + checkpointInterval);
        }
        Properties copy = new Properties();
        copy.putAll(kafka);
        kafka = copy;
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        m.put("schema.registry.url", "http://127.0.0.1:8081");
        m.put("topics.flows", Topics.FLOWS);
        m.put("topics.nodes", Topics.NODES);
        m.put("topics.links", Topics.LINKS);
        m.put("topics.dns", Topics.DNS);
        m.put("topics.latency", Topics.LATENCY);
        m.put("topics.alerts", Topics.ALERTS);
        m.put("topics.dlq", Topics.DLQ);
        m.put("streams.window.seconds", "60");
        m.put("streams.grace.seconds", "10");
        m.put("streams.idle.timeout", "30s");
        m.put("streams.handshake.timeout", "10s");
        m.put(StreamsSettings.MAX_KEYS_PER_WINDOW, Integer.toString(TopologySettings.DEFAULT_MAX_KEYS_PER_WINDOW));
        m.put("streams.topology.file", "");
        m.put("flink.group.id", "flowpulse-flink");
        m.put("flink.transactional.id.prefix", "flowpulse-flink");
        m.put("flink.parallelism", "2");
        m.put("flink.checkpoint.interval", "10s");
        m.put("flink.checkpoint.dir", "");
        m.put("flink.restore.from", "");
        m.put("flink.bounded", "false");
        m.put("flink.start.from.committed", "true");
        m.putAll(AlertSettings.DEFAULTS);
        return java.util.Collections.unmodifiableMap(m);
    }

    public static FlinkSettings from(Config config) {
        Properties kafka = config.withPrefix("kafka");
        kafka.remove("bootstrap.servers");
        String topologyFile = config.get("streams.topology.file");
        TopologySettings analytics = TopologySettings.builder()
                .flowsTopic(config.get("topics.flows"))
                .nodesTopic(config.get("topics.nodes"))
                .linksTopic(config.get("topics.links"))
                .dnsTopic(config.get("topics.dns"))
                .latencyTopic(config.get("topics.latency"))
                .alertsTopic(config.get("topics.alerts"))
                .windowSize(Duration.ofSeconds(config.getLong("streams.window.seconds")))
                .grace(Duration.ofSeconds(config.getLong("streams.grace.seconds")))
                .idleTimeout(config.getDuration("streams.idle.timeout"))
                .handshakeTimeout(config.getDuration("streams.handshake.timeout"))
                .maxKeysPerWindow(StreamsSettings.maxKeysPerWindow(config))
                .alertThresholds(AlertSettings.from(config))
                .topologyNodes(topologyFile.isBlank() ? java.util.List.of() : TopologyFile.read(Path.of(topologyFile)))
                .build();
        String dlq = config.get("topics.dlq");
        String checkpointDir = config.get("flink.checkpoint.dir");
        String restore = config.get("flink.restore.from");
        return new FlinkSettings(config.get("kafka.bootstrap.servers"), config.get("schema.registry.url"), analytics,
                dlq.isBlank() ? null : dlq, config.get("flink.group.id"), config.get("flink.transactional.id.prefix"),
                config.getInt("flink.parallelism"), config.getDuration("flink.checkpoint.interval"),
                checkpointDir.isBlank() ? null : checkpointDir, restore.isBlank() ? null : restore,
                config.getBoolean("flink.bounded"), config.getBoolean("flink.start.from.committed"), kafka);
    }

    /** Defaults for the given Kafka and registry, the default topics and analytics, a live run. */
    public static FlinkSettings of(String bootstrapServers, String registryUrl, TopologySettings analytics) {
        return new FlinkSettings(bootstrapServers, registryUrl, analytics, null, "flowpulse-flink", "flowpulse-flink",
                2, Duration.ofSeconds(10), null, null, false, true, new Properties());
    }

    public FlinkSettings withBounded(boolean bounded) {
        return new FlinkSettings(bootstrapServers, registryUrl, analytics, dlqTopic, groupId, transactionalIdPrefix,
                parallelism, checkpointInterval, checkpointDir, restoreFrom, bounded, startFromCommitted, kafka);
    }

    public FlinkSettings withCheckpoints(Duration interval, String dir) {
        return new FlinkSettings(bootstrapServers, registryUrl, analytics, dlqTopic, groupId, transactionalIdPrefix,
                parallelism, interval, dir, restoreFrom, bounded, startFromCommitted, kafka);
    }

    public FlinkSettings withRestoreFrom(String path) {
        return new FlinkSettings(bootstrapServers, registryUrl, analytics, dlqTopic, groupId, transactionalIdPrefix,
                parallelism, checkpointInterval, checkpointDir, path, bounded, startFromCommitted, kafka);
    }

    public FlinkSettings withParallelism(int parallelism) {
        return new FlinkSettings(bootstrapServers, registryUrl, analytics, dlqTopic, groupId, transactionalIdPrefix,
                parallelism, checkpointInterval, checkpointDir, restoreFrom, bounded, startFromCommitted, kafka);
    }

    public FlinkSettings withNames(String groupId, String transactionalIdPrefix, String dlqTopic) {
        return new FlinkSettings(bootstrapServers, registryUrl, analytics, dlqTopic, groupId, transactionalIdPrefix,
                parallelism, checkpointInterval, checkpointDir, restoreFrom, bounded, startFromCommitted, kafka);
    }

    /** Registry settings for the serdes: the URL and any registry keys among the Kafka settings (auth, retries). */
    public Map<String, String> registryConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        kafka.forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("schema.registry.") || key.startsWith("basic.auth.")) {
                config.put(key, v.toString());
            }
        });
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        return config;
    }

    public JobParams jobParams() {
        return new JobParams(analytics, registryConfig());
    }
}
