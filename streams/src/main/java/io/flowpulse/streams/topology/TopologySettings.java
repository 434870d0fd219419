package io.flowpulse.streams.topology;

import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import io.flowpulse.streams.logic.dns.SuspiciousNames;
import io.flowpulse.streams.logic.latency.TcpHandshakeMatcher;
import io.flowpulse.streams.logic.limit.WindowKeyLimit;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the topology needs to know: topics, windows, the number of partitions of the flows topic
 * (how many watermarks stage 2 waits for) and an optional offline node inventory.
 *
 * @param flowsPartitions    partitions of the flows topic = number of stage-1 tasks
 * @param partialsPartitions partitions of the internal partials topic = number of stage-2 tasks
 * @param watermarkInterval  wall-clock period at which stage 1 repeats its current watermark
 * @param idleTimeout        wall-clock time without records after which a flows partition is idle and
 *                           stage 2 stops waiting for it (0 = never)
 * @param maxKeysPerWindow   the most distinct keys a stage-1 task keeps per aggregate type in one open
 *                           window; new keys beyond go to the type's overflow key ({@link WindowKeyGuard})
 */
public record TopologySettings(String flowsTopic, String nodesTopic, String linksTopic, String dnsTopic,
                               String latencyTopic, String alertsTopic, Duration windowSize, Duration grace,
                               int flowsPartitions, int partialsPartitions, Duration watermarkInterval,
                               Duration idleTimeout,
                               Duration handshakeTimeout, AlertThresholds alertThresholds, List<Node> topologyNodes,
                               int maxKeysPerWindow) {

    /** Tumbling window size; the streams service's and the replay's default too. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    /** How long after its end a window still takes records. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WATERMARK_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** How long a TCP SYN waits for its SYN-ACK. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = TcpHandshakeMatcher.DEFAULT_TIMEOUT;
    /** Distinct keys per aggregate type in one open window of one flows partition. */
    public static final int DEFAULT_MAX_KEYS_PER_WINDOW = WindowKeyLimit.DEFAULT_MAX_KEYS;

    public TopologySettings {
        Objects.requireNonNull(flowsTopic, "flowsTopic");
        Objects.requireNonNull(nodesTopic, "nodesTopic");
        Objects.requireNonNull(linksTopic, "linksTopic");
        Objects.requireNonNull(dnsTopic, "dnsTopic");
        Objects.requireNonNull(latencyTopic, "latencyTopic");
        Objects.requireNonNull(alertsTopic, "alertsTopic");
        if (windowSize.isNegative() || windowSize.isZero() || windowSize.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("window size must be a positive whole number of seconds: " + windowSize);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        if (flowsPartitions < 1 || partialsPartitions < 1) {
            throw new IllegalArgumentException("partition counts must be positive: flows " + flowsPartitions
                    + ", partials " + partialsPartitions);
        }
        if (watermarkInterval.isNegative() || watermarkInterval.isZero()) {
            throw new IllegalArgumentException("watermark interval must be positive: " + watermarkInterval);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must not be negative: " + idleTimeout);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive: " + handshakeTimeout);
        }
        Objects.requireNonNull(alertThresholds, "alertThresholds");
        if (maxKeysPerWindow < 1) {
            throw new IllegalArgumentException("the most keys per window must be at least 1: " + maxKeysPerWindow);
        }
        topologyNodes = List.copyOf(topologyNodes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The rule that marks requested names as suspicious, from the DNS_SUSPICIOUS_NAME thresholds. */
    public SuspiciousNames suspiciousNames() {
        return new SuspiciousNames(alertThresholds.suspiciousLabelLength(), alertThresholds.suspiciousEntropyBits());
    }

    public long windowMillis() {
        return windowSize.toMillis();
    }

    public long graceMillis() {
        return grace.toMillis();
    }

    /** Defaults: the topics of {@link Topics}, the {@code DEFAULT_*} durations, one partition. */
    public static final class Builder {
        private String flowsTopic = Topics.FLOWS;
        private String nodesTopic = Topics.NODES;
        private String linksTopic = Topics.LINKS;
        private String dnsTopic = Topics.DNS;
        private String latencyTopic = Topics.LATENCY;
        private String alertsTopic = Topics.ALERTS;
        private Duration windowSize = DEFAULT_WINDOW;
        private Duration grace = DEFAULT_GRACE;
        private int flowsPartitions = 1;
        private Integer partialsPartitions;
        private Duration watermarkInterval = DEFAULT_WATERMARK_INTERVAL;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }
        private List<Node> topologyNodes = List.of();
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private AlertThresholds alertThresholds = AlertThresholds.DEFAULTS;
        private int maxKeysPerWindow = DEFAULT_MAX_KEYS_PER_WINDOW;

        public Builder maxKeysPerWindow(int maxKeys) {
            this.maxKeysPerWindow = maxKeys;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        public Builder alertThresholds(AlertThresholds thresholds) {
            this.alertThresholds = thresholds;
            return this;
        }

        public Builder flowsTopic(String topic) {
            this.flowsTopic = topic;
            return this;
        }

        public Builder nodesTopic(String topic) {
            this.nodesTopic = topic;
            return this;
        }

        public Builder linksTopic(String topic) {
            this.linksTopic = topic;
            return this;
        }

        public Builder dnsTopic(String topic) {
            this.dnsTopic = topic;
            return this;
        }

        public Builder latencyTopic(String topic) {
            this.latencyTopic = topic;
            return this;
        }

        public Builder alertsTopic(String topic) {
            this.alertsTopic = topic;
            return this;
        }

        public Builder windowSize(Duration size) {
            this.windowSize = size;
            return this;
        }

        public Builder grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        public Builder flowsPartitions(int partitions) {
            this.flowsPartitions = partitions;
            return this;
        }

        /** Defaults to the number of flows partitions. */
        public Builder partialsPartitions(int partitions) {
            this.partialsPartitions = partitions;
            return this;
        }

        public Builder watermarkInterval(Duration interval) {
            this.watermarkInterval = interval;
            return this;
        }

        public Builder topologyNodes(List<Node> nodes) {
            this.topologyNodes = nodes;
            return this;
        }

        public TopologySettings build() {
            return new TopologySettings(flowsTopic, nodesTopic, linksTopic, dnsTopic, latencyTopic, alertsTopic,
                    windowSize, grace, flowsPartitions, partialsPartitions == null ? flowsPartitions : partialsPartitions,
                    watermarkInterval, idleTimeout, handshakeTimeout, alertThresholds, topologyNodes, maxKeysPerWindow);
        }
    }
}
