package io.flowpulse.replay;

import io.flowpulse.ingest.InputLimits;
import io.flowpulse.ingest.InputSettings;
import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.runtime.Secrets;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import io.flowpulse.streams.app.AlertSettings;
import io.flowpulse.streams.app.StreamsSettings;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import io.flowpulse.streams.topology.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * What one replay needs. {@link #from} reads it from the same configuration as the streams service
 * (its window, grace, handshake timeout and {@code alerts.*} thresholds, the {@code kafka.*} client
 * settings), so that a replay with the live service's settings file analyses as the service does.
 *
 * @param inputs           capture files or directories of rotated files, in reading order
 * @param topologyFile     offline node inventory (analytics spec section 8), or null
 * @param bootstrapServers Kafka to run on; null for a replay in process ({@link InProcessReplay})
 * @param registryUrl      Confluent-API schema registry; null, as bootstrapServers, in process
 * @param runId            names the replay's topics and application id ({@link ReplayTopics})
 * @param flowsPartitions  partitions of the replay's flows topic (= parallel stage-1 tasks)
 * @param streamThreads    Kafka Streams threads
 * @param windowSize       tumbling window size
 * @param grace            grace period of windows
 * @param timeout          longest wait for the topology to finish after the last record was published
 * @param keepTopics       leave the replay's topics on the cluster after the run (else they are deleted)
 * @param kafkaOverrides   extra client settings (security and the like) for every client of the replay
 * @param alertThresholds  when alerts fire and resolve
 * @param handshakeTimeout how long a TCP SYN waits for its SYN-ACK
 * @param maxKeysPerWindow the most distinct keys per aggregate type in one open window of one flows
 *                         partition ({@link StreamsSettings#MAX_KEYS_PER_WINDOW})
 * @param inputLimits      what the capture may hold and which event times are accepted ({@code input.*})
 * @param registrySettings the registry client's settings: the URL and any {@code schema.registry.*} and
 *                         {@code basic.auth.*} keys (credentials, trust store); empty in process
 */
public record ReplaySettings(List<Path> inputs, Path topologyFile, String bootstrapServers, String registryUrl,
                             String runId, int flowsPartitions, int streamThreads, Duration windowSize,
                             Duration grace, Duration timeout, boolean keepTopics, Properties kafkaOverrides,
                             AlertThresholds alertThresholds, Duration handshakeTimeout, int maxKeysPerWindow,
                             InputLimits inputLimits, Map<String, String> registrySettings) {

    /** Partitions of the replay's flows topic. */
    public static final String PARTITIONS = "replay.partitions";
    /** Longest wait for the analytics once the input is read. */
    public static final String TIMEOUT = "replay.timeout";
    /** Threads parsing the capture in a replay in process. */
    public static final String PARSER_THREADS = "replay.parser-threads";

    public static final int DEFAULT_FLOWS_PARTITIONS = 4;
    public static final int DEFAULT_STREAM_THREADS = 2;

    /**
     * The replay's own keys, then the analytics keys it shares with the streams service, with the
     * streams service's defaults.
     */
    public static final Map<String, String> DEFAULTS = CommonSettings.join(
            CommonSettings.ordered(
                    PARTITIONS, Integer.toString(DEFAULT_FLOWS_PARTITIONS),
                    TIMEOUT, "30m",
                    PARSER_THREADS, Integer.toString(Runtime.getRuntime().availableProcessors())),
            sharedWithStreams(),
            InputSettings.DEFAULTS);

    public ReplaySettings {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a replay needs at least one input file");
        }
        if ((bootstrapServers == null) != (registryUrl == null)) {
            throw new IllegalArgumentException("a replay through Kafka needs both the bootstrap servers and the "
                    + "registry; a replay in process neither");
        }
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(alertThresholds, "alertThresholds");
        Objects.requireNonNull(inputLimits, "inputLimits");
        check(flowsPartitions, streamThreads, windowSize, grace, timeout, handshakeTimeout);
        if (maxKeysPerWindow < 1) {
            throw new IllegalArgumentException("the most keys per window must be at least 1, got " + maxKeysPerWindow);
        }
        Properties copy = new Properties();
        copy.putAll(kafkaOverrides);
        kafkaOverrides = copy;
        Map<String, String> registry = new java.util.TreeMap<>(registrySettings);
        if (registryUrl == null) {
            registry.clear();
        } else {
            registry.put(CommonSettings.REGISTRY_URL, registryUrl);
        }
        registrySettings = Collections.unmodifiableMap(registry);
    }

    /** With the default key limit and input limits. */
    public ReplaySettings(List<Path> inputs, Path topologyFile, String bootstrapServers, String registryUrl,
                          String runId, int flowsPartitions, int streamThreads, Duration windowSize,
                          Duration grace, Duration timeout, boolean keepTopics, Properties kafkaOverrides,
                          AlertThresholds alertThresholds, Duration handshakeTimeout) {
        this(inputs, topologyFile, bootstrapServers, registryUrl, runId, flowsPartitions, streamThreads, windowSize,
                grace, timeout, keepTopics, kafkaOverrides, alertThresholds, handshakeTimeout,
                TopologySettings.DEFAULT_MAX_KEYS_PER_WINDOW, InputLimits.DEFAULTS, Map.of());
    }

    /** The analytics settings of the specification: default thresholds and handshake timeout. */
    public ReplaySettings(List<Path> inputs, Path topologyFile, String bootstrapServers, String registryUrl,
                          String runId, int flowsPartitions, int streamThreads, Duration windowSize,
                          Duration grace, Duration timeout, boolean keepTopics, Properties kafkaOverrides) {
        this(inputs, topologyFile, bootstrapServers, registryUrl, runId, flowsPartitions, streamThreads, windowSize,
                grace, timeout, keepTopics, kafkaOverrides, AlertThresholds.DEFAULTS,
                TopologySettings.DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * The settings of a replay from a configuration loaded with {@link #DEFAULTS}.
     *
     * @param kafka       where the replay runs, with the client settings for it
     * @param registryUrl the schema registry of that cluster; the configuration's other registry
     *                    settings apply when it is the configured one
     */
    public static ReplaySettings from(Config config, List<Path> inputs, Path topologyFile, KafkaClientProperties kafka,
                                      String registryUrl, String runId, boolean keepTopics) {
        Analytics a = Analytics.read(config);
        return new ReplaySettings(inputs, topologyFile, kafka.bootstrapServers(), registryUrl, runId, a.partitions,
                DEFAULT_STREAM_THREADS, a.window, a.grace, a.timeout, keepTopics, kafka.overrides(), a.thresholds,
                a.handshakeTimeout, a.maxKeysPerWindow, a.inputLimits, registrySettings(config, registryUrl));
    }

    /** The settings of a replay in process, without Kafka ({@link InProcessReplay}). */
    public static ReplaySettings inProcess(Config config, List<Path> inputs, Path topologyFile, String runId) {
        Analytics a = Analytics.read(config);
        return new ReplaySettings(inputs, topologyFile, null, null, runId, a.partitions, DEFAULT_STREAM_THREADS,
                a.window, a.grace, a.timeout, false, new Properties(), a.thresholds, a.handshakeTimeout,
                a.maxKeysPerWindow, a.inputLimits, Map.of());
    }

    /**
     * The configured registry's client settings for a replay on {@code registryUrl}; only the URL when the
     * replay uses another registry (the local one it started).
     */
    private static Map<String, String> registrySettings(Config config, String registryUrl) {
        if (registryUrl == null || !registryUrl.equals(config.optional(CommonSettings.REGISTRY_URL).orElse(null))) {
            return Map.of();
        }
        return CommonSettings.registryClient(config);
    }

    /** The client of the replay's schema registry (shared with every other use of the same settings in this JVM). */
    public SchemaRegistryClient registryClient() {
        if (registryUrl == null) {
            throw new IllegalStateException("a replay in process has no schema registry");
        }
        return AvroSerdeConfig.registryClient(registrySettings);
    }

    /** Threads parsing the capture in a replay in process ({@link #PARSER_THREADS}). */
    public static int parserThreads(Config config) {
        int threads = config.getInt(PARSER_THREADS);
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException(PARSER_THREADS + " must be between 1 and 64, got " + threads);
        }
        return threads;
    }

    /** These settings for a replay in process: the same input and analytics, no Kafka. */
    public ReplaySettings inProcess() {
        return new ReplaySettings(inputs, topologyFile, null, null, runId, flowsPartitions, streamThreads, windowSize,
                grace, timeout, false, new Properties(), alertThresholds, handshakeTimeout, maxKeysPerWindow,
                inputLimits, Map.of());
    }

    /** Whether the replay runs through Kafka, or (without a cluster) in process. */
    public boolean throughKafka() {
        return bootstrapServers != null;
    }

    /** The analytics' settings over the given node inventory, on the replay's own topics. */
    public TopologySettings topologySettings(List<io.flowpulse.schemas.avro.Node> nodes) {
        ReplayTopics topics = topics();
        return TopologySettings.builder()
                .flowsTopic(topics.flows()).nodesTopic(topics.nodes()).linksTopic(topics.links())
                .dnsTopic(topics.dns()).latencyTopic(topics.latency()).alertsTopic(topics.alerts())
                .windowSize(windowSize).grace(grace)
                .alertThresholds(alertThresholds).handshakeTimeout(handshakeTimeout)
                .maxKeysPerWindow(maxKeysPerWindow)
                .flowsPartitions(flowsPartitions).topologyNodes(nodes).build();
    }

    /**
     * Reads and checks what {@link #from} takes from the configuration, to report a wrong setting
     * before anything is started.
     *
     * @throws Config.ConfigException   when a setting is missing or malformed
     * @throws IllegalArgumentException when a setting is out of range
     */
    public static void check(Config config) {
        Analytics.read(config);
        parserThreads(config);
    }

    /** The defaults: the specification's analytics, 4 flows partitions, 30 min timeout, topics deleted. */
    public static ReplaySettings of(List<Path> inputs, Path topologyFile, String bootstrapServers, String registryUrl,
                                    String runId) {
        return from(Config.builder().defaults(DEFAULTS).build(), inputs, topologyFile,
                KafkaClientProperties.of(bootstrapServers, new Properties()), registryUrl, runId, false);
    }

    /** Secrets (a SASL JAAS configuration, registry credentials) masked. */
    @Override
    public String toString() {
        return "ReplaySettings[runId=" + runId + ", inputs=" + inputs + ", bootstrapServers=" + bootstrapServers
                + ", registry=" + Secrets.masked(registrySettings) + ", kafka=" + Secrets.masked(kafkaOverrides)
                + ", partitions=" + flowsPartitions + ", window=" + windowSize + ", grace=" + grace + "]";
    }

    public ReplayTopics topics() {
        return ReplayTopics.forRun(runId);
    }

    /** The Kafka connection: bootstrap servers and the {@code kafka.*} settings. */
    public KafkaClientProperties kafkaClients() {
        return KafkaClientProperties.of(bootstrapServers, kafkaOverrides);
    }

    private static Map<String, String> sharedWithStreams() {
        Map<String, String> shared = new LinkedHashMap<>();
        for (String key : List.of(StreamsSettings.WINDOW_SECONDS, StreamsSettings.GRACE_SECONDS,
                StreamsSettings.HANDSHAKE_TIMEOUT, StreamsSettings.MAX_KEYS_PER_WINDOW)) {
            shared.put(key, StreamsSettings.DEFAULTS.get(key));
        }
        shared.putAll(AlertSettings.DEFAULTS);
        return shared;
    }

    private static void check(int flowsPartitions, int streamThreads, Duration windowSize, Duration grace,
                              Duration timeout, Duration handshakeTimeout) {
        if (flowsPartitions < 1) {
            throw new IllegalArgumentException("the flows topic needs at least one partition, got " + flowsPartitions);
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("at least one stream thread is needed, got " + streamThreads);
        }
        if (windowSize.isNegative() || windowSize.isZero() || windowSize.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("the window size must be a positive whole number of seconds, got "
                    + windowSize);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("the handshake timeout must be positive, got " + handshakeTimeout);
        }
    }

    /** What a replay takes from the configuration. */
    private record Analytics(int partitions, Duration window, Duration grace, Duration timeout,
                             AlertThresholds thresholds, Duration handshakeTimeout, int maxKeysPerWindow,
                             InputLimits inputLimits) {

        static Analytics read(Config config) {
            Analytics a = new Analytics(config.getInt(PARTITIONS), StreamsSettings.window(config),
                    StreamsSettings.grace(config), config.getDuration(TIMEOUT), AlertSettings.from(config),
                    config.getDuration(StreamsSettings.HANDSHAKE_TIMEOUT), StreamsSettings.maxKeysPerWindow(config),
                    InputSettings.limits(config));
            check(a.partitions, DEFAULT_STREAM_THREADS, a.window, a.grace, a.timeout, a.handshakeTimeout);
            return a;
        }
    }
}
