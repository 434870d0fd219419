package io.flowpulse.sink;

import io.flowpulse.schemas.DeadLetterRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's dead-letter topic: records it can never store go there with their original key
 * and value bytes, the reason and where they were read ({@link DeadLetterRecord}).
 * {@link #awaitSent()} must succeed before the consumer commits past them.
 */
final class SinkDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(SinkDeadLetters.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final SinkMetrics metrics;
    private final List<Future<RecordMetadata>> unacknowledged = new ArrayList<>();

    SinkDeadLetters(Producer<byte[], byte[]> producer, String topic, SinkMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
    }

    /** Queues one dead letter; {@code tag} is the metric's short reason, such as "undeserializable". */
    void send(ConsumerRecord<byte[], byte[]> origin, String tag, String reason, Throwable error) {
        unacknowledged.add(producer.send(DeadLetterRecord.from("sink", reason).exception(error)
                .origin(origin.topic(), origin.partition(), origin.offset())
                .toRecord(topic, origin.key(), origin.value())));
        metrics.deadLetter(tag);
        log.atWarn().addKeyValue("topic", origin.topic()).addKeyValue("partition", origin.partition())
                .addKeyValue("offset", origin.offset()).addKeyValue("reason", tag)
                .log("record sent to {}: {}", topic, reason);
    }

    /** Waits until every queued dead letter is acknowledged; throws if one was not. */
    void awaitSent() {
        if (unacknowledged.isEmpty()) {
            return;
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> f : unacknowledged) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new KafkaException("could not write to the dead-letter topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing to the dead-letter topic " + topic, e);
        } finally {
            unacknowledged.clear();
        }
    }
}
