package io.flowpulse.sink;

import io.flowpulse.runtime.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka -> ClickHouse loop: polls, reads the records into rows batched per table
 * ({@link RoundReader}) and starts a round of inserts when {@code batchRows} rows are
 * buffered or the oldest waited {@code linger} ({@link InsertRounds}). One round is
 * inserted while the next is read; reading waits when that one is full too. Offsets are
 * committed only after ClickHouse confirmed every row of a round and its dead letters were
 * acknowledged, so a crash redelivers instead of losing, and the ReplacingMergeTree tables
 * absorb the redelivery. While ClickHouse or the registry fails, the consumer stays paused
 * but keeps polling, so it stays in the group.
 *
 * <p>One thread runs {@link #run()} or {@link #runUntilCaughtUp}; {@link #stop()} may be
 * called from any thread.
 */
final class SinkLoop {

    private static final Logger log = LoggerFactory.getLogger(SinkLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final SinkSettings settings;
    private final Consumer<byte[], byte[]> consumer;
    private final RoundReader reader;
    private final InsertRounds rounds;
    private final PendingRounds pending;
    private final ConsumptionPause pause;
    private final ClickHouseTables tables;
    private final SinkMetrics metrics;
    private final Clock clock;
    private volatile boolean stopped;
    /** While draining: a round starts as soon as everything up to here is read, without lingering. */
    private CatchUpTarget drainTarget;

    SinkLoop(SinkSettings settings, Consumer<byte[], byte[]> consumer, RoundReader reader, RoundInserter inserter,
             SinkDeadLetters deadLetters, ClickHouseTables tables, SinkHealth health, SinkMetrics metrics, Clock clock) {
        this.settings = settings;
        this.consumer = consumer;
        this.reader = reader;
        this.pending = new PendingRounds(settings.rawFlows(), settings.flowSampleRatio());
        this.pause = new ConsumptionPause(consumer, new Backoff(settings.retryInitialBackoff(), settings.retryMaxBackoff()),
                health, metrics, clock);
        this.rounds = new InsertRounds(consumer, pending, inserter, new RoundCommitter(consumer, deadLetters, () -> stopped),
                pause, settings.clickHouseTimeout().toMillis());
        this.tables = tables;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Consumes until {@link #stop()}; completes and commits what it holds before returning. */
    void run() {
        loop(() -> false);
    }

    /**
     * Consumes until every input partition is read up to its end offset as of this call and
     * everything read is in ClickHouse and committed, or until the timeout.
     *
     * @return whether it caught up (false: timed out or stopped)
     */
    boolean runUntilCaughtUp(Duration timeout) {
        CatchUpTarget target = CatchUpTarget.endOffsetsNow(consumer, settings.inputTopics());
        long deadline = clock.millis() + timeout.toMillis();
        boolean[] caughtUp = {false};
        drainTarget = target;
        try {
            loop(() -> {
                if (clock.millis() > deadline) {
                    return true;
                }
                caughtUp[0] = pending.isEmpty() && !pause.isPaused() && target.readBy(consumer);
                return caughtUp[0];
            });
        } finally {
            drainTarget = null;
        }
        return caughtUp[0];
    }

    void stop() {
        stopped = true;
        consumer.wakeup();
    }

    private void loop(BooleanSupplier done) {
        consumer.subscribe(settings.inputTopics(), new Rebalance());
        tables.checkRetentionNext();
        try {
            while (!stopped && !done.getAsBoolean()) {
                rounds.completeIfEnded();
                if (pause.isPaused()) {
                    pollWhilePaused();
                    rounds.retryIfDue();
                    continue;
                }
                if (pending.inserting() != null && pending.reading().bufferedRows() >= settings.batchRows()) {
                    // both rounds full: wait for ClickHouse instead of buffering more
                    rounds.await(POLL.toMillis());
                    continue;
                }
                read(consumer.poll(POLL));
                updateLag();
                if (pending.inserting() == null && roundDue()) {
                    rounds.start();
                }
                if (!pause.isPaused()) {
                    tables.dropExpiredPartitionsIfDue();
                }
            }
        } catch (WakeupException e) {
            if (!stopped) {
                throw e;
            }
        }
        rounds.finish();
    }

    private void read(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        reader.read(records, pending.reading(), clock.millis()).ifPresent(failure -> {
            failure.readAgainFrom().forEach(consumer::seek);
            String error = failure.error().getMessage();
            pause.failed("schema registry unreachable", error, pending.bufferedRows(), "schema registry: " + error);
        });
    }

    private boolean roundDue() {
        PendingRecords round = pending.reading();
        if (round.isEmpty()) {
            return false;
        }
        // nothing buffered (only skipped or dead-lettered records): commit at the next chance
        return !round.hasRows() || round.bufferedRows() >= settings.batchRows()
                || round.waitedMillis(clock.millis()) >= settings.linger().toMillis()
                || (drainTarget != null && drainTarget.readBy(consumer));
    }

    /** Polls without reading, up to the next attempt, so the consumer stays in the group. */
    private void pollWhilePaused() {
        pause.keepPaused();
        long wait = Math.min(POLL.toMillis(), pause.millisUntilAttempt());
        ConsumerRecords<byte[], byte[]> late = consumer.poll(Duration.ofMillis(wait));
        // records of partitions assigned before the pause took effect: read them again later
        for (TopicPartition tp : late.partitions()) {
            consumer.seek(tp, late.records(tp).get(0).offset());
        }
    }

    private void updateLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                lag += l.getAsLong();
            }
        }
        metrics.lag(lag);
    }

    /** Completes and commits before partitions go; if that fails, drops the rounds and rewinds the partitions kept. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (pending.isEmpty()) {
                return;
            }
            try {
                rounds.completeBeforeRevocation();
            } catch (RuntimeException e) {
                log.atWarn().log("completing inserts before a rebalance failed: {}", e.toString());
            }
            if (!pending.isEmpty()) {
                rounds.rewind(PendingRounds.kept(consumer.assignment(), revoked));
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (pause.isPaused()) {
                consumer.pause(assigned);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            rounds.rewind(PendingRounds.kept(consumer.assignment(), lost));
        }
    }
}
