package io.flowpulse.console.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-second rates of growing totals (end offsets, committed offsets, records read), from one
 * sample to the next. A total that went down (a topic recreated, a group reset) restarts its
 * rate at 0 rather than going negative.
 */
public final class RateTracker {

    private record Sample(long total, long atMillis) {
    }

    private final Map<String, Sample> last = new HashMap<>();

    /** The rate of {@code name} since its previous sample; 0 for its first. */
    public synchronized double rate(String name, long total, long atMillis) {
        Sample previous = last.put(name, new Sample(total, atMillis));
        if (previous == null || atMillis <= previous.atMillis() || total < previous.total()) {
            return 0;
        }
        return (total - previous.total()) * 1000.0 / (atMillis - previous.atMillis());
    }

    /** Forgets names not sampled any more. */
    public synchronized void retain(java.util.Set<String> names) {
        last.keySet().retainAll(names);
    }
}
