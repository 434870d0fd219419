package io.flowpulse.ingest.fuzz;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Holds a fuzz target to time and memory proportional to its input. The work runs on a thread of its
 * own: taking longer than {@link #HANG_SECONDS} is a hang, and the bytes that thread allocates (HotSpot's
 * per-thread counter) must stay under a fixed allowance plus a multiple of the input's length. An input
 * over the allowance is run a second time and only that run counts, so that loading classes and filling
 * caches on first use are not held against it. Either is a finding; exceptions of the work are rethrown.
 */
public final class FuzzLimits {

    static final int HANG_SECONDS = 10;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static ExecutorService runner = newRunner();

    public interface Work {
        void run() throws Exception;
    }

    private FuzzLimits() {
    }

    public static void check(int inputLength, long fixedBytes, int bytesPerInputByte, Work work) throws Exception {
        long allowed = fixedBytes + (long) bytesPerInputByte * inputLength;
        if (allocatedBy(work) <= allowed) {
            return;
        }
        long allocated = allocatedBy(work);
        if (allocated > allowed) {
            throw new AssertionError("allocated " + allocated + " bytes for an input of " + inputLength
                    + " bytes, more than the " + allowed + " allowed");
        }
    }

    private static long allocatedBy(Work work) throws Exception {
        Future<Long> run = runner.submit(() -> {
            long thread = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(thread);
            work.run();
            return THREADS.getThreadAllocatedBytes(thread) - before;
        });
        try {
            return run.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            runner.shutdownNow();
            runner = newRunner();
            throw new AssertionError("still running after " + HANG_SECONDS + " s: a hang");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    private static ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "fuzz-target");
            thread.setDaemon(true);
            return thread;
        });
    }
}
