package io.flowpulse.ingest.fuzz;

import java.lang.management.ManagementFactory;

/**
 * Holds a fuzz target to memory proportional to its input: the bytes the calling thread allocates
 * while the work runs (HotSpot's per-thread counter) must stay under a fixed allowance plus a
 * multiple of the input's length, else the input is a finding. An input over the allowance is run
 * a second time and only that run counts, so that loading classes and filling caches on first use
 * are not held against it.
 */
public final class FuzzAllocation {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public interface Work {
        void run() throws Exception;
    }

    private FuzzAllocation() {
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
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        work.run();
        return THREADS.getThreadAllocatedBytes(thread) - before;
    }
}
