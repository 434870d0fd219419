package io.flowpulse.streams.logic;

/** Nanoseconds to milliseconds with microsecond precision (3 decimals, halves rounded up). */
public final class Millis {

    private Millis() {
    }

    public static double fromNanos(long nanos) {
        return Math.floorDiv(nanos + 500, 1_000L) / 1_000.0;
    }

    public static double fromNanos(double nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
