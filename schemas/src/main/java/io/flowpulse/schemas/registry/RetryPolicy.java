package io.flowpulse.schemas.registry;

import java.time.Duration;

/**
 * How often and how long to retry a registry call that failed to connect, timed out or got a
 * 5xx answer. Backoff doubles from {@code initialBackoff} up to {@code maxBackoff}; no attempt
 * starts after {@code deadline} (counted from the first attempt) and each request's timeout is
 * cut to the time that is left.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration deadline) {
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("backoffs must be >= 0 and the deadline > 0");
        }
    }

    /** Pause before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
    public Duration backoffAfter(int attempt) {
        long initial = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        int shift = Math.min(attempt - 1, 30);
        long millis = initial <= 0 ? 0 : Math.min(max, initial << shift);
        return Duration.ofMillis(millis < 0 ? max : millis);
    }
}
