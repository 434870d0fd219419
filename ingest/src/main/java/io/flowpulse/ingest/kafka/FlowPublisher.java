package io.flowpulse.ingest.kafka;

import io.flowpulse.schemas.DeadLetterRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes mapped records to the flows topic, keyed by observing node.
 *
 * <p>Backpressure instead of loss: when Kafka is slow or down, {@code send} blocks once the
 * producer's buffer is full; when it gives up after {@code max.block.ms}, this publisher
 * logs, counts and tries again, holding the caller (and so the source) until the broker is
 * back or the service is stopped. KafkaProducer reports that refusal to the record's callback, on
 * the sending thread before {@code send} returns, rather than by throwing: such a refusal is told
 * apart from a failed delivery and retried too. The producer is idempotent with unlimited delivery time,
 * so accepted records are retried until the broker has them. A record that cannot be
 * serialized goes to the dead-letter topic with the reason.
 */
public final class FlowPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlowPublisher.class);

    private final Producer<String, Object> producer;
    private final String topic;
    private final IngestDeadLetters deadLetters;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong blockedRetries = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicReference<Exception> fatal = new AtomicReference<>();
    private volatile boolean closed;
    /** The send in progress on this thread: a callback called during it is send's refusal of the record. */
    private final ThreadLocal<SendAttempt> attempt = ThreadLocal.withInitial(SendAttempt::new);
    private final Callback onAck = (metadata, error) -> {
        if (error == null) {
            acked.incrementAndGet();
            return;
        }
        SendAttempt current = attempt.get();
        if (current.active) {
            current.refusal = error;
        } else {
            fatal.compareAndSet(null, error);
        }
    };

    private static final class SendAttempt {
        boolean active;
        Exception refusal;
    }

    public FlowPublisher(Producer<String, Object> producer, String topic, IngestDeadLetters deadLetters) {
        this.producer = producer;
        this.topic = topic;
        this.deadLetters = deadLetters;
    }

    /**
     * Hands one record to the producer, blocking while Kafka cannot take it.
     *
     * @throws IllegalStateException when an earlier record failed for good (the service must stop)
     */
    public void publish(String node, Object value, BooleanSupplier stop) throws InterruptedException {
        Exception failed = fatal.get();
        if (failed != null) {
            throw new IllegalStateException("Kafka rejected a record for good: " + failed.getMessage(), failed);
        }
        if (closed) {
            throw new IllegalStateException("the publisher to " + topic + " is closed");
        }
        long waitingSince = 0;
        while (true) {
            try {
                send(new ProducerRecord<>(topic, node, value));
                sent.incrementAndGet();
                if (waitingSince != 0) {
                    log.info("Kafka accepts records again after {} s", (System.nanoTime() - waitingSince) / 1_000_000_000);
                }
                return;
            } catch (SerializationException e) {
                deadLettered.incrementAndGet();
                deadLetters.unpublishable(node.getBytes(StandardCharsets.UTF_8),
                        String.valueOf(value).getBytes(StandardCharsets.UTF_8),
                        DeadLetterRecord.describe("cannot serialize for " + topic, e), e);
                return;
            } catch (TimeoutException e) {
                if (waitingSince == 0) {
                    waitingSince = System.nanoTime();
                }
                blockedRetries.incrementAndGet();
                log.warn("Kafka does not accept records ({}); holding the source and retrying", e.getMessage());
                if (stop.getAsBoolean() || closed) {
                    throw new InterruptedException("stopped while Kafka was unavailable");
                }
            } catch (KafkaException e) {
                if (e.getCause() instanceof InterruptedException) {
                    throw new InterruptedException("interrupted while sending");
                }
                throw e;
            }
        }
    }

    /** Sends, throwing what send refused the record with (reported to the callback, not thrown, by KafkaProducer). */
    private void send(ProducerRecord<String, Object> record) {
        SendAttempt current = attempt.get();
        current.active = true;
        current.refusal = null;
        try {
            producer.send(record, onAck);
        } finally {
            current.active = false;
        }
        if (current.refusal instanceof KafkaException refused) {
            throw refused;
        }
        if (current.refusal != null) {
            throw new KafkaException(current.refusal);
        }
    }

    /** Waits until every record handed over so far is acknowledged. */
    public void flush() {
        producer.flush();
        Exception failed = fatal.get();
        if (failed != null) {
            throw new IllegalStateException("Kafka rejected a record for good: " + failed.getMessage(), failed);
        }
    }

    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    public long blockedRetries() {
        return blockedRetries.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    @Override
    public void close() {
        closed = true;
        producer.close(Duration.ofSeconds(30));
    }
}
