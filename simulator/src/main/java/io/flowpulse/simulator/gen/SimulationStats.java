package io.flowpulse.simulator.gen;

import java.util.EnumMap;
import java.util.Map;

/** Counts of emitted events, by kind, and of dropped flows. Not thread-safe: read it from the generating thread or after it finished. */
public final class SimulationStats {

    private final long[] byKind = new long[FlowKind.values().length];
    private long dropped;

    void count(int kindOrdinal, boolean droppedFlow) {
        byKind[kindOrdinal]++;
        if (droppedFlow) {
            dropped++;
        }
    }

    /** All events: flows and lost-events records. */
    public long total() {
        long sum = 0;
        for (long n : byKind) {
            sum += n;
        }
        return sum;
    }

    public long flows() {
        return total() - byKind[FlowKind.LOST_EVENTS.ordinal()];
    }

    public long dropped() {
        return dropped;
    }

    public long count(FlowKind kind) {
        return byKind[kind.ordinal()];
    }

    public Map<FlowKind, Long> byKind() {
        Map<FlowKind, Long> map = new EnumMap<>(FlowKind.class);
        for (FlowKind kind : FlowKind.values()) {
            map.put(kind, byKind[kind.ordinal()]);
        }
        return map;
    }
}
