package io.flowpulse.sink;

import io.flowpulse.runtime.Backoff;
import java.time.Clock;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumption paused while something the sink needs fails (ClickHouse down or refusing
 * inserts, the schema registry unreachable): the consumer paused but still polled, so it
 * stays in the group; health down and the paused gauge at 1; the next attempt spaced by
 * exponential {@link Backoff}.
 */
final class ConsumptionPause {

    private static final Logger log = LoggerFactory.getLogger(ConsumptionPause.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Backoff backoff;
    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final Clock clock;
    private boolean paused;
    private long nextAttemptAtMillis;

    ConsumptionPause(Consumer<byte[], byte[]> consumer, Backoff backoff, SinkHealth health, SinkMetrics metrics, Clock clock) {
        this.consumer = consumer;
        this.backoff = backoff;
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Counts one more failed attempt, pauses (again) and schedules the next attempt.
     * {@code healthDetail} is what the health check shows while paused.
     */
    void failed(String what, String error, int bufferedRows, String healthDetail) {
        metrics.retry();
        health.lastError(healthDetail);
        if (!paused) {
            paused = true;
            health.paused(true);
            metrics.paused(true);
        }
        long wait = backoff.nextDelay().toMillis();
        nextAttemptAtMillis = clock.millis() + wait;
        consumer.pause(consumer.assignment());
        log.atWarn().addKeyValue("error", error).addKeyValue("retry_in_ms", wait).addKeyValue("buffered_rows", bufferedRows)
                .log("{}, consumption paused, retrying in {} ms: {}", what, wait, error);
    }

    boolean isPaused() {
        return paused;
    }

    /** Pauses every assigned partition, also those assigned since the pause began. */
    void keepPaused() {
        consumer.pause(consumer.assignment());
    }

    boolean attemptDue() {
        return clock.millis() >= nextAttemptAtMillis;
    }

    long millisUntilAttempt() {
        return Math.max(0, nextAttemptAtMillis - clock.millis());
    }

    /** Consumes again; the backoff keeps growing until ClickHouse confirms a round. */
    void resume() {
        consumer.resume(consumer.paused());
        paused = false;
        health.paused(false);
        metrics.paused(false);
    }

    /** ClickHouse confirmed a round: resumes if paused, and the next failure waits the initial delay again. */
    void succeeded() {
        if (paused) {
            log.atInfo().addKeyValue("retries", backoff.failures()).log("ClickHouse accepts inserts again, resuming");
            resume();
        }
        backoff.reset();
    }
}
