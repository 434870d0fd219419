package io.flowpulse.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Words the warnings about Hubble's lost-events records, at most one per node every
 * {@code intervalNanos}: a node under pressure reports lost events several times a second, and a
 * line for each would bury everything else in the log. A warning after a quiet spell names what
 * was folded into it since the last one. Every record is still counted and published; this only
 * decides what is written to the log.
 */
final class LostEventsLog {

    private static final class Pending {
        long lastLoggedNanos;
        long records;
        long events;
    }

    private final long intervalNanos;
    private final Map<String, Pending> byNode = new HashMap<>();

    LostEventsLog(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** The warning to log for this record, or empty when it is folded into the node's next one. */
    synchronized Optional<String> onLostEvents(String node, long eventsLost, String source, long nowNanos) {
        Pending pending = byNode.get(node);
        if (pending == null) {
            pending = new Pending();
            byNode.put(node, pending);
        } else if (nowNanos - pending.lastLoggedNanos < intervalNanos) {
            pending.records++;
            pending.events += eventsLost;
            return Optional.empty();
        }
        String message = "Hubble on " + node + " lost " + eventsLost + " events (" + source + ")";
        if (pending.records > 0) {
            message += "; " + pending.records + " more lost-events record" + (pending.records == 1 ? "" : "s")
                    + " with " + pending.events + " events since the previous warning";
        }
        pending.lastLoggedNanos = nowNanos;
        pending.records = 0;
        pending.events = 0;
        return Optional.of(message);
    }
}
