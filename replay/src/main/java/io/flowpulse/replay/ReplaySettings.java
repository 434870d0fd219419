package io.flowpulse.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * What one replay needs.
 *
 * @param inputs           capture files or directories of rotated files, in reading order
 * @param topologyFile     offline node inventory (analytics spec section 8), or null
 * @param bootstrapServers Kafka to run on
 * @param registryUrl      Confluent-API schema registry
 * @param runId            names the replay's topics and application id ({@link ReplayTopics})
 * @param flowsPartitions  partitions of the replay's flows topic (= parallel stage-1 tasks)
 * @param streamThreads    Kafka Streams threads
 * @param windowSize       tumbling window size
 * @param grace            grace period of windows
 * @param timeout          longest wait for the topology to finish after the last record was published
 * @param keepTopics       leave the replay's topics on the cluster after the run (else they are deleted)
 * @param kafkaOverrides   extra client settings (security and the like) for every client of the replay
 */
public record ReplaySettings(List<Path> inputs, Path topologyFile, String bootstrapServers, String registryUrl,
                             String runId, int flowsPartitions, int streamThreads, Duration windowSize,
                             Duration grace, Duration timeout, boolean keepTopics, Properties kafkaOverrides) {

    public static final int DEFAULT_FLOWS_PARTITIONS = 4;

    public ReplaySettings {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a replay needs at least one input file");
        }
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(runId, "runId");
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
        Properties copy = new Properties();
        copy.putAll(kafkaOverrides);
        kafkaOverrides = copy;
    }

    /** Defaults: 4 flows partitions, 2 stream threads, 60 s windows, 10 s grace, 30 min timeout, topics deleted. */
    public static ReplaySettings of(List<Path> inputs, Path topologyFile, String bootstrapServers, String registryUrl,
                                    String runId) {
        return new ReplaySettings(inputs, topologyFile, bootstrapServers, registryUrl, runId,
                DEFAULT_FLOWS_PARTITIONS, 2, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(30),
                false, new Properties());
    }

    public ReplayTopics topics() {
        return ReplayTopics.forRun(runId);
    }
}
