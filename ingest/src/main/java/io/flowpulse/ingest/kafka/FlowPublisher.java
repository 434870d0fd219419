package io.flowpulse.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * <p>Records are handed to a sending thread of their own through a bounded queue, so that the
 * producer's work (serializing, compressing into batches) runs beside the source's (reading
 * the relay stream or a capture) rather than after it; the order of records is kept.
 *
 * <p>Backpressure instead of loss: when Kafka is slow or down, the producer's {@code send}
 * blocks once its buffer is full; when it gives up after {@code max.block.ms}, the sending
 * thread logs, counts and tries again until the broker is back or the publisher is closed.
 * Meanwhile the queue fills and {@link #publish} blocks, holding the caller (and so the
 * source); at most twice {@value #QUEUE_CAPACITY} records wait in memory (the queue and the
 * batch the sending thread holds). The producer is idempotent with unlimited delivery time, so accepted records are
 * retried until the broker has them. A record that cannot be serialized goes to the
 * dead-letter topic with the reason.
 */
public final class FlowPublisher implements AutoCloseable {

    static final int QUEUE_CAPACITY = 8_192;
    private static final Logger log = LoggerFactory.getLogger(FlowPublisher.class);

    private record Pending(String node, Object value) {
    }

    private final Producer<String, Object> producer;
    private final String topic;
    private final DeadLetterPublisher deadLetters;
    private final SendQueue<Pending> queue = new SendQueue<>(QUEUE_CAPACITY);
    private final AtomicLong handedOver = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong blockedRetries = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicReference<Exception> fatal = new AtomicReference<>();
    private final Callback onAck = (metadata, error) -> {
        if (error == null) {
            acked.incrementAndGet();
        } else {
            fatal.compareAndSet(null, error);
        }
    };
    private final Thread sender;
    private volatile boolean closing;

    public FlowPublisher(Producer<String, Object> producer, String topic, DeadLetterPublisher deadLetters) {
        this.producer = producer;
        this.topic = topic;
        this.deadLetters = deadLetters;
        this.sender = new Thread(this::sendLoop, "flowpulse-kafka-send-" + topic);
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Hands one record over for sending, blocking while Kafka cannot take more.
     *
     * @throws InterruptedException when {@code stop} says so while Kafka does not take records
     * @throws IllegalStateException when an earlier record failed for good (the service must stop)
     */
    public void publish(String node, Object value, BooleanSupplier stop) throws InterruptedException {
        checkNotFailed();
        if (closing) {
            throw new IllegalStateException("the publisher to " + topic + " is closed");
        }
        Pending pending = new Pending(node, value);
        while (!queue.offer(pending, 100, TimeUnit.MILLISECONDS)) {
            checkNotFailed();
            if (stop.getAsBoolean()) {
                throw new InterruptedException("stopped while Kafka was unavailable");
            }
            if (closing) {
                throw new IllegalStateException("the publisher to " + topic + " is closed");
            }
        }
        handedOver.incrementAndGet();
    }

    /** Waits until every record handed over so far is sent and acknowledged. */
    public void flush() {
        long target = handedOver.get();
        try {
            while (done.get() < target && sender.isAlive()) {
                checkNotFailed();
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while flushing records to " + topic, e);
        }
        producer.flush();
        checkNotFailed();
    }

    private void sendLoop() {
        List<Pending> batch = new ArrayList<>(QUEUE_CAPACITY);
        try {
            while (!(closing && queue.size() == 0)) {
                batch = queue.takeAll(batch, 50, TimeUnit.MILLISECONDS);
                for (Pending pending : batch) {
                    send(pending);
                    done.incrementAndGet();
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            log.warn("sending to {} interrupted with {} record(s) not handed to Kafka", topic, queued());
        } catch (RuntimeException e) {
            fatal.compareAndSet(null, e);
            log.error("sending to {} failed for good", topic, e);
        }
    }

    private void send(Pending pending) throws InterruptedException {
        long waitingSince = 0;
        while (true) {
            try {
                producer.send(new ProducerRecord<>(topic, pending.node(), pending.value()), onAck);
                sent.incrementAndGet();
                if (waitingSince != 0) {
                    log.info("Kafka accepts records again after {} s", (System.nanoTime() - waitingSince) / 1_000_000_000);
                }
                return;
            } catch (SerializationException e) {
                deadLettered.incrementAndGet();
                deadLetters.unpublishable(pending.node().getBytes(StandardCharsets.UTF_8),
                        String.valueOf(pending.value()).getBytes(StandardCharsets.UTF_8),
                        "cannot serialize for " + topic + ": " + e.getMessage(), e);
                return;
            } catch (TimeoutException e) {
                if (waitingSince == 0) {
                    waitingSince = System.nanoTime();
                }
                blockedRetries.incrementAndGet();
                log.warn("Kafka does not accept records ({}); holding the source and retrying", e.getMessage());
                if (closing) {
                    throw new InterruptedException("closed while Kafka was unavailable");
                }
            } catch (KafkaException e) {
                if (e.getCause() instanceof InterruptedException) {
                    throw new InterruptedException("interrupted while sending");
                }
                throw e;
            }
        }
    }

    private void checkNotFailed() {
        Exception failed = fatal.get();
        if (failed != null) {
            throw new IllegalStateException("Kafka rejected a record for good: " + failed.getMessage(), failed);
        }
    }

    /** Records handed to the producer. */
    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    /** Records handed over and not yet given to the producer. */
    public long queued() {
        return handedOver.get() - done.get();
    }

    public long blockedRetries() {
        return blockedRetries.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Sends what is queued (unless Kafka stays unavailable), then closes the producer. */
    @Override
    public void close() {
        closing = true;
        try {
            sender.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            log.warn("{} record(s) for {} not handed to Kafka at close", queued(), topic);
            sender.interrupt();
        }
        producer.close(Duration.ofSeconds(30));
    }
}
