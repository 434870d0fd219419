package io.flowpulse.runtime;

import java.time.Duration;

/** Exponential backoff: initial, doubling on every failure, capped at max; reset on success. */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The wait before the next attempt, and counts one more failure. */
    public Duration nextDelay() {
        Duration d = next;
        failures++;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return d;
    }

    public int failures() {
        return failures;
    }

    public void reset() {
        next = initial;
        failures = 0;
    }
}
