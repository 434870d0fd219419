package io.flowpulse.sink;

import io.flowpulse.sink.clickhouse.ClickHouseException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Inserts one round at a time on a thread of its own, so the next records are read and
 * encoded meanwhile. A round that failed keeps the rows not written yet; submitting it
 * again resumes where it stopped.
 */
final class RoundInserter implements AutoCloseable {

    /** How a round ended, as far as known. */
    enum Outcome { RUNNING, CONFIRMED, FAILED }

    private final BatchInserter inserter;
    private final ExecutorService thread;
    private Future<?> running;
    private ClickHouseException failure;

    RoundInserter(BatchInserter inserter) {
        this.inserter = inserter;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "clickhouse-insert");
            t.setDaemon(true);
            return t;
        });
    }

    void submit(PendingRecords round) {
        running = thread.submit(() -> {
            round.insertAll(inserter);
            return null;
        });
    }

    /** An insert was submitted and its outcome not collected yet. */
    boolean isRunning() {
        return running != null;
    }

    /** The submitted insert ended; {@link #await} returns its outcome at once. */
    boolean hasEnded() {
        return running != null && running.isDone();
    }

    /**
     * Waits up to {@code millis} for the submitted insert. RUNNING when it did not end in
     * time (or the wait was interrupted); FAILED with {@link #failure()} when ClickHouse
     * failed. Any other error of the insert thread is a bug and is thrown.
     */
    Outcome await(long millis) {
        try {
            running.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Outcome.RUNNING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.RUNNING;
        } catch (ExecutionException e) {
            running = null;
            if (e.getCause() instanceof ClickHouseException ch) {
                failure = ch;
                return Outcome.FAILED;
            }
            throw new IllegalStateException("insert thread failed: " + e.getCause(), e.getCause());
        }
        running = null;
        return Outcome.CONFIRMED;
    }

    /** Why the last insert that ended with FAILED failed. */
    ClickHouseException failure() {
        return failure;
    }

    /** Waits up to {@code millis} for the submitted insert to end and forgets it: its rows are read again. */
    void abandon(long millis) {
        if (running == null) {
            return;
        }
        try {
            running.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // read again either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = null;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
