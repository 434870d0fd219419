package io.flowpulse.ingest.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU spent during a benchmark phase: by the whole machine (from /proc/stat, so the broker's
 * share is included) and by this JVM. On a quiet machine the difference is the broker and the
 * registry; the numbers say whether a phase was bound by CPU or by waiting.
 */
final class CpuMeter {

    /** What a phase used: machine, JVM and source-thread CPU seconds over its wall seconds. */
    record Usage(double wallSeconds, double machineCpuSeconds, double jvmCpuSeconds, double sourceCpuSeconds) {

        /** Machine CPU microseconds per event, less what the simulated relay's threads used. */
        double withoutSourceMicrosPer(long events) {
            return (machineCpuSeconds - sourceCpuSeconds) * 1e6 / events;
        }

        double sourceMicrosPer(long events) {
            return sourceCpuSeconds * 1e6 / events;
        }

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
    private final Map<String, long[]> startThreadTicks = threadTicks();

    /**
     * Thread names (as Linux keeps them: 15 characters) of the simulated relay in this JVM: its
     * GetFlows senders and its own event loops.
     */
    private static final List<String> SOURCE_THREADS = List.of("hubble-getflows", "hubble-server-l");

    Usage stop() {
        double source = 0;
        for (Map.Entry<String, long[]> e : threadTicks().entrySet()) {
            String name = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            if (SOURCE_THREADS.stream().anyMatch(name::startsWith)) {
                long[] before = startThreadTicks.get(e.getKey());
                source += (e.getValue()[1] - (before == null ? 0 : before[1])) / TICKS_PER_SECOND;
            }
        }
        return new Usage((System.nanoTime() - startWall) / 1e9,
                (machineBusyTicks() - startMachineTicks) / TICKS_PER_SECOND,
                (jvmCpuNanos() - startJvmNanos) / 1e9, source);
    }

    /**
     * The busiest threads of this JVM since the start, as "name share-of-a-core", from
     * /proc/self/task (so GC and compiler threads count too; Linux cuts names to 15 characters).
     */
    String busiestThreads(int n) {
        double wall = (System.nanoTime() - startWall) / 1e9;
        Map<String, Double> byName = new HashMap<>();
        for (Map.Entry<String, long[]> e : threadTicks().entrySet()) {
            long[] now = e.getValue();
            long[] before = startThreadTicks.get(e.getKey());
            double seconds = (now[1] - (before == null ? 0 : before[1])) / TICKS_PER_SECOND;
            byName.merge(threadName(e.getKey()), seconds / wall, Double::sum);
        }
        return byName.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String threadName(String taskKey) {
        return taskKey.substring(taskKey.indexOf(' ') + 1).replaceAll("#?\\d+$", "");
    }

    /** "tid name" -> {tid, utime + stime ticks} of every thread of this process. */
    private static Map<String, long[]> threadTicks() {
        Map<String, long[]> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] rest = stat.substring(close + 2).split(" ");
                    long busy = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
                    ticks.put(task.getFileName() + " " + stat.substring(open + 1, close), new long[] {0, busy});
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
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
