package io.flowpulse.streams.topology;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The settings that install the dead-letter handlers ({@link DeadLetterHandler}) in a Kafka Streams application. */
public final class DeadLetterHandlers {

    /** Config key under which the application passes its {@link PipelineMetrics} to the handlers. */
    public static final String METRICS_CONFIG = "flowpulse.streams.metrics";

    private DeadLetterHandlers() {
    }

    /**
     * The Kafka Streams settings that send unreadable and unprocessable records (also of the global
     * inventory store) to {@code dlqTopic} and go on.
     */
    public static Properties streamsProperties(String dlqTopic, PipelineMetrics metrics) {
        Properties props = new Properties();
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // the partition assignor checks a streams configuration made of the main consumer's settings,
        // and warns that the global thread has no handler unless they carry the switch as well
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, dlqTopic);
        props.put(METRICS_CONFIG, metrics);
        return props;
    }
}
