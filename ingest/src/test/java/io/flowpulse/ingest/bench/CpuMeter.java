package io.flowpulse.ingest.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU spent during a benchmark phase: by the whole machine (from /proc/stat, so the broker's
 * share is included) and by this JVM. On a quiet machine the difference is the broker and the
 * registry; the numbers say whether a phase was bound by CPU or by waiting.
 */
final class CpuMeter {

    /** What a phase used: machine and JVM CPU seconds over its wall seconds. */
    record Usage(double wallSeconds, double machineCpuSeconds, double jvmCpuSeconds) {

        double machineCores() {
            return machineCpuSeconds / wallSeconds;
        }

        double jvmCores() {
            return jvmCpuSeconds / wallSeconds;
        }

        /** Machine CPU microseconds per event. */
        double machineMicrosPer(long events) {
            return machineCpuSeconds * 1e6 / events;
        }
    }

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
    private final long startWall = System.nanoTime();
    private final long startMachineTicks = machineBusyTicks();
    private final long startJvmNanos = jvmCpuNanos();

    Usage stop() {
        return new Usage((System.nanoTime() - startWall) / 1e9,
                (machineBusyTicks() - startMachineTicks) / TICKS_PER_SECOND,
                (jvmCpuNanos() - startJvmNanos) / 1e9);
    }

    /** Busy ticks of all CPUs: everything in the "cpu" line of /proc/stat but idle and iowait. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long jvmCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
