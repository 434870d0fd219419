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
        Properties props = new Properties();
        props.putAll(settings.kafkaOverrides());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, topics.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(settings.streamThreads()));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        props.putAll(DeadLetterHandlers.streamsProperties(topics.dlq(), metrics));
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }
}
