package io.flowpulse.replay.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The {@code input} section of the replay report: what the capture files held.
 *
 * @param files       the capture files read, in reading order
 * @param records     lines that parsed as Hubble events (flows, lost events and other events)
 * @param flows       flow records
 * @param lostEvents  lost-events records
 * @param invalid     non-blank lines that could not be used (not a Hubble event, or an event without
 *                    time or node); each was sent to the dead-letter topic
 * @param late        records the topology did not add because their window had already closed
 * @param firstTime   earliest event time of a flow or lost-events record; null when there was none
 * @param lastTime    latest such event time; null when there was none
 */
public record ReportInput(List<String> files, long records, long flows, long lostEvents, long invalid, long late,
                          Instant firstTime, Instant lastTime) {

    public ReportInput {
        files = List.copyOf(Objects.requireNonNull(files, "files"));
        requireNotNegative("records", records);
        requireNotNegative("flows", flows);
        requireNotNegative("lost_events", lostEvents);
        requireNotNegative("invalid", invalid);
        requireNotNegative("late", late);
        if ((firstTime == null) != (lastTime == null)) {
            throw new IllegalArgumentException("first_time and last_time are both set or both null, got "
                    + firstTime + " and " + lastTime);
        }
        if (firstTime != null && firstTime.isAfter(lastTime)) {
            throw new IllegalArgumentException("first_time " + firstTime + " is after last_time " + lastTime);
        }
    }

    private static void requireNotNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
