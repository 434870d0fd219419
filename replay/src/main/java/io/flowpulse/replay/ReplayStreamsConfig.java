package io.flowpulse.replay;

import io.flowpulse.streams.topology.DeadLetterHandlers;
import io.flowpulse.streams.topology.PipelineMetrics;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams settings of a replay's application. */
final class ReplayStreamsConfig {

    private ReplayStreamsConfig() {
    }

    /**
     * At-least-once, not exactly-once: a replay is one pass that either completes or fails as a whole,
     * and its results are de-duplicated when read ({@link ReplayOutputs}). Without transactions the
     * committed offsets of the application reach the end offsets of its input topics exactly, which is
     * how the replay knows the topology has finished ({@link Replay}).
     */
    static Properties of(ReplaySettings settings, ReplayTopics topics, Path stateDir, PipelineMetrics metrics) {
        return settings.kafkaClients().streams()
                .with(StreamsConfig.APPLICATION_ID_CONFIG, topics.applicationId())
                .with(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                .with(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)
                .with(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(settings.streamThreads()))
                .with(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200")
                .withAll(DeadLetterHandlers.streamsProperties(topics.dlq(), metrics))
                .with(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest")
                .build();
    }
}
