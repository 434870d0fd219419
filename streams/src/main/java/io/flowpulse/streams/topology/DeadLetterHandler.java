package io.flowpulse.streams.topology;

import io.flowpulse.schemas.DeadLetterRecord;
import io.flowpulse.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both exception handlers do with a record they give up on: log it, count it and send its
 * original bytes to the dead-letter topic, with the reason and origin.
 */
abstract class DeadLetterHandler {

    private static final String STAGE = "streams";

    private final Logger log = LoggerFactory.getLogger(getClass());
    private String dlqTopic;
    private PipelineMetrics metrics;

    /** The dead-letter topic: {@code errors.dead.letter.queue.topic.name}, else {@value Topics#DLQ}. */
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        dlqTopic = topic == null || topic.toString().isBlank() ? Topics.DLQ : topic.toString();
        metrics = configs.get(DeadLetterHandlers.METRICS_CONFIG) instanceof PipelineMetrics given ? given : null;
    }

    /** {@code what} went wrong with the record read at {@code topic}-{@code partition}@{@code offset}. */
    final List<ProducerRecord<byte[], byte[]>> deadLetter(String what, Exception exception, String topic, int partition,
                                                          long offset, byte[] key, byte[] value) {
        String reason = DeadLetterRecord.describe(what, exception);
        log.warn("{}-{}@{}: {}; sent to {}", topic, partition, offset, reason, dlqTopic);
        if (metrics != null) {
            metrics.deadLetters().increment();
        }
        return List.of(DeadLetterRecord.from(STAGE, reason).exception(exception)
                .origin(topic, partition, offset).toRecord(dlqTopic, key, value));
    }
}
