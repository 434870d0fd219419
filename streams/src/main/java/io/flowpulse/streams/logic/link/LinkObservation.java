package io.flowpulse.streams.logic.link;

import java.util.Objects;

/** One flow event on a link: its verdict class and, for drops, the reason name (null otherwise). */
public record LinkObservation(VerdictClass verdict, String dropReason) {

    public LinkObservation {
        Objects.requireNonNull(verdict, "verdict");
        if (verdict == VerdictClass.DROPPED) {
            Objects.requireNonNull(dropReason, "dropReason of a dropped event");
        } else if (dropReason != null) {
            throw new IllegalArgumentException("only dropped events carry a drop reason");
        }
    }
}
