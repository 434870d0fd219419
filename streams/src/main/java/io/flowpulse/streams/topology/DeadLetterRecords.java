package io.flowpulse.streams.topology;

import io.flowpulse.schemas.DeadLetters;
import io.flowpulse.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;

/** Builds dead-letter records: the original key and value bytes, why and where from in headers. */
public final class DeadLetterRecords {

    /** Config key under which the application passes its {@link PipelineMetrics} to the handlers. */
    public static final String METRICS_CONFIG = "flowpulse.streams.metrics";
    public static final String STAGE = "streams";

    private DeadLetterRecords() {
    }

    /** The dead-letter topic: {@code errors.dead.letter.queue.topic.name}, else {@value Topics#DLQ}. */
    public static String topic(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return topic == null || topic.toString().isBlank() ? Topics.DLQ : topic.toString();
    }

    public static PipelineMetrics metrics(Map<String, ?> configs) {
        Object metrics = configs.get(METRICS_CONFIG);
        return metrics instanceof PipelineMetrics given ? given : null;
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

    public static ProducerRecord<byte[], byte[]> of(String dlqTopic, byte[] key, byte[] value, String reason,
                                                    Exception exception, String originTopic, int originPartition,
                                                    long originOffset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, utf8(reason));
        if (exception != null) {
            headers.add(DeadLetters.EXCEPTION, utf8(exception.getClass().getName()));
        }
        headers.add(DeadLetters.STAGE, utf8(STAGE));
        if (originTopic != null) {
            headers.add(DeadLetters.ORIGIN_TOPIC, utf8(originTopic));
            headers.add(DeadLetters.ORIGIN_PARTITION, utf8(Integer.toString(originPartition)));
            headers.add(DeadLetters.ORIGIN_OFFSET, utf8(Long.toString(originOffset)));
        }
        return new ProducerRecord<>(dlqTopic, null, null, key, value, headers);
    }

    /** The exception's message with its causes, for the reason header. */
    public static String describe(String what, Exception exception) {
        StringBuilder reason = new StringBuilder(what);
        Throwable current = exception;
        int depth = 0;
        while (current != null && depth++ < 4) {
            reason.append(": ").append(current.getMessage() == null ? current.getClass().getSimpleName() : current.getMessage());
            current = current.getCause() == current ? null : current.getCause();
        }
        return reason.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
