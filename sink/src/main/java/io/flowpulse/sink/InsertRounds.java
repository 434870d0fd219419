package io.flowpulse.sink;

import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes rounds of records from read to committed: one round is inserted on its own thread
 * while the next is read; a round ClickHouse confirmed is committed ({@link RoundCommitter});
 * a round ClickHouse failed pauses consumption and is inserted again once the backoff has
 * passed ({@link ConsumptionPause}); when a round cannot be committed, everything pending
 * is dropped and read again.
 */
final class InsertRounds {

    private static final Logger log = LoggerFactory.getLogger(InsertRounds.class);

    private final Consumer<byte[], byte[]> consumer;
    private final PendingRounds pending;
    private final RoundInserter inserter;
    private final RoundCommitter committer;
    private final ConsumptionPause pause;
    private final long insertTimeoutMillis;

    InsertRounds(Consumer<byte[], byte[]> consumer, PendingRounds pending, RoundInserter inserter, RoundCommitter committer,
                 ConsumptionPause pause, long insertTimeoutMillis) {
        this.consumer = consumer;
        this.pending = pending;
        this.inserter = inserter;
        this.committer = committer;
        this.pause = pause;
        this.insertTimeoutMillis = insertTimeoutMillis;
    }

    /** Hands the records read so far to ClickHouse. */
    void start() {
        inserter.submit(pending.startInsert());
    }

    /** Completes the round being inserted if its insert has ended, without waiting. */
    void completeIfEnded() {
        if (pending.inserting() != null && inserter.hasEnded()) {
            await(0);
        }
    }

    /**
     * Waits up to {@code millis} for the round being inserted. Once it ended: on success its
     * dead letters and commit; on failure, pause and backoff.
     */
    void await(long millis) {
        if (!inserter.isRunning()) {
            return;
        }
        switch (inserter.await(millis)) {
            case RUNNING -> { }
            case FAILED -> {
                String error = inserter.failure().getMessage();
                pause.failed("ClickHouse insert failed", error, pending.bufferedRows(), error);
            }
            case CONFIRMED -> {
                try {
                    committer.commit(pending);
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    log.atWarn().addKeyValue("error", e.toString())
                            .log("could not complete the dead letters or the commit, rereading from the last commit: {}",
                                    e.toString());
                    rewind(consumer.assignment());
                    return;
                }
                pause.succeeded();
            }
        }
    }

    /** While paused: once the backoff has passed, inserts the failed round again (or resumes reading). */
    void retryIfDue() {
        if (inserter.isRunning() || !pause.attemptDue()) {
            return;
        }
        if (pending.inserting() != null) {
            inserter.submit(pending.inserting());
            await(insertTimeoutMillis);
        } else if (!pending.reading().isEmpty()) {
            start();
            await(insertTimeoutMillis);
        } else {
            // the registry failed with nothing buffered: read again
            pause.resume();
        }
    }

    /** Before partitions go: inserts and commits what is pending, unless ClickHouse is failing. */
    void completeBeforeRevocation() {
        if (pause.isPaused()) {
            return;
        }
        await(insertTimeoutMillis);
        if (!pause.isPaused() && pending.inserting() == null && !pending.reading().isEmpty()) {
            start();
            await(insertTimeoutMillis);
        }
    }

    /** Drops everything not committed; the partitions kept are read again from the first offset not committed. */
    void rewind(Collection<TopicPartition> stillAssigned) {
        inserter.abandon(insertTimeoutMillis);
        pending.dropAll(stillAssigned).forEach(consumer::seek);
    }

    /**
     * On the way out: completes the round being inserted and inserts what is left, with a
     * few quick retries; what is still not confirmed is read again from the last commit.
     */
    void finish() {
        for (int attempt = 0; attempt < 3 && !pending.isEmpty(); attempt++) {
            if (inserter.isRunning()) {
                await(insertTimeoutMillis);
            } else if (pending.inserting() != null) {
                // shutting down: a short pause, not the full backoff
                sleep(Math.min(1_000, pause.millisUntilAttempt()));
                inserter.submit(pending.inserting());
                await(insertTimeoutMillis);
            } else {
                start();
                await(insertTimeoutMillis);
            }
        }
        if (!pending.isEmpty()) {
            log.atWarn().log("stopping with rows not confirmed by ClickHouse; they will be read again from the last commit");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
