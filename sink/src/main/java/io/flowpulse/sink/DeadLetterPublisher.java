package io.flowpulse.sink;

import io.flowpulse.schemas.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records the sink can never store to the dead-letter topic: original key and value
 * bytes, the reason and origin in the {@link DeadLetters} headers. {@link #awaitSent()}
 * must succeed before the consumer commits past them.
 */
final class DeadLetterPublisher {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final SinkMetrics metrics;
    private final List<Future<RecordMetadata>> inFlight = new ArrayList<>();

    DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, SinkMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
    }

    /** Queues one dead letter; {@code metricReason} is a short tag such as "undeserializable". */
    void send(ConsumerRecord<byte[], byte[]> origin, String metricReason, String reason, Throwable error) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, utf8(reason));
        if (error != null) {
            headers.add(DeadLetters.EXCEPTION, utf8(error.getClass().getName()));
        }
        headers.add(DeadLetters.STAGE, utf8("sink"));
        headers.add(DeadLetters.ORIGIN_TOPIC, utf8(origin.topic()));
        headers.add(DeadLetters.ORIGIN_PARTITION, utf8(Integer.toString(origin.partition())));
        headers.add(DeadLetters.ORIGIN_OFFSET, utf8(Long.toString(origin.offset())));
        inFlight.add(producer.send(new ProducerRecord<>(topic, null, origin.key(), origin.value(), headers)));
        metrics.deadLetter(metricReason);
        log.atWarn().addKeyValue("topic", origin.topic()).addKeyValue("partition", origin.partition())
                .addKeyValue("offset", origin.offset()).addKeyValue("reason", metricReason)
                .log("record sent to {}: {}", topic, reason);
    }

    /** Waits until every queued dead letter is acknowledged; throws if one was not. */
    void awaitSent() {
        if (inFlight.isEmpty()) {
            return;
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> f : inFlight) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new KafkaException("could not write to the dead-letter topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing to the dead-letter topic " + topic, e);
        } finally {
            inFlight.clear();
        }
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
