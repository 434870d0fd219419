package io.flowpulse.streams.logic;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A tumbling window aligned to the Unix epoch: {@code start = floor(t / size) * size},
 * {@code end = start + size} (exclusive).
 */
public record TimeWindow(Instant start, Instant end) implements Comparable<TimeWindow> {

    public TimeWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end " + end + " is not after its start " + start);
        }
    }

    /** The window of the given size that contains {@code time}. */
    public static TimeWindow containing(Instant time, Duration size) {
        long sizeMillis = sizeMillis(size);
        long startMillis = Math.floorDiv(time.toEpochMilli(), sizeMillis) * sizeMillis;
        return new TimeWindow(Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(startMillis + sizeMillis));
    }

    /** The window of the given size that starts at {@code start}; the start must be aligned. */
    public static TimeWindow startingAt(Instant start, Duration size) {
        long sizeMillis = sizeMillis(size);
        long startMillis = start.toEpochMilli();
        if (Math.floorMod(startMillis, sizeMillis) != 0 || start.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("window start " + start + " is not aligned to a window of " + size);
        }
        return new TimeWindow(start, start.plusMillis(sizeMillis));
    }

    public Duration size() {
        return Duration.between(start, end);
    }

    public TimeWindow next() {
        return new TimeWindow(end, end.plus(size()));
    }

    public boolean contains(Instant time) {
        return !time.isBefore(start) && time.isBefore(end);
    }

    @Override
    public int compareTo(TimeWindow other) {
        int byStart = start.compareTo(other.start);
        return byStart != 0 ? byStart : end.compareTo(other.end);
    }

    private static long sizeMillis(Duration size) {
        long millis = size.toMillis();
        if (millis <= 0 || !Duration.ofMillis(millis).equals(size)) {
            throw new IllegalArgumentException("window size must be a positive whole number of milliseconds: " + size);
        }
        return millis;
    }
}
