package io.flowpulse.ingest.fuzz;

import java.lang.management.ManagementFactory;

/**
 * Holds a fuzz target to memory proportional to its input: the bytes the calling thread allocates
 * while the work runs (HotSpot's per-thread counter) must stay under a fixed allowance plus a
 * multiple of the input's length, else the input is a finding.
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
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        work.run();
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        long allowed = fixedBytes + (long) bytesPerInputByte * inputLength;
        if (allocated > allowed) {
            throw new AssertionError("allocated " + allocated + " bytes for an input of " + inputLength
                    + " bytes, more than the " + allowed + " allowed");
        }
    }
}
