package io.flowpulse.flink.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * An encoded aggregate of one output key in one window, between the operators of the job and
 * into the results sink: a partial one (stage 1 to stage 2, what one flows partition collected) or
 * a final one (stage 2 to the sinks and the alerts). The aggregate bytes are those of the streams
 * module's codecs ({@code AggregateType#codec()}), the tag one of its aggregate types.
 *
 * <p>A part with tag {@link #WINDOW_SEEN} carries no aggregate: stage 1 sends one when the event
 * time of its partition enters a new window, so that the alerts see every window up to the latest
 * event close, also windows in which none of their subjects has a record.
 */
public class WindowPart {

    /** Tag of a "window seen" notice (not an aggregate type). */
    public static final char WINDOW_SEEN = '*';

    public char tag;
    public String outputKey;
    public long windowStart;
    public byte[] aggregate;

    public WindowPart() {
    }

    public WindowPart(char tag, String outputKey, long windowStart, byte[] aggregate) {
        this.tag = tag;
        this.outputKey = outputKey;
        this.windowStart = windowStart;
        this.aggregate = aggregate;
    }

    public static WindowPart windowSeen(long windowStart) {
        return new WindowPart(WINDOW_SEEN, "", windowStart, new byte[0]);
    }

    public boolean isWindowSeen() {
        return tag == WINDOW_SEEN;
    }

    /** The key stage 2 merges by: {@code <tag>|<output key>}. */
    public String aggregateKey() {
        return tag + "|" + outputKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowPart p && tag == p.tag && windowStart == p.windowStart
                && Objects.equals(outputKey, p.outputKey) && Arrays.equals(aggregate, p.aggregate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tag, outputKey, windowStart);
    }

    @Override
    public String toString() {
        return "WindowPart{" + tag + "|" + outputKey + "@" + windowStart + ", " + (aggregate == null ? 0 : aggregate.length)
                + " bytes}";
    }
}
