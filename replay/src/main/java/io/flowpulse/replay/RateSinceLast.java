package io.flowpulse.replay;

/** The rate of a growing count since the previous call, for progress lines. */
final class RateSinceLast {

    private long previousCount;
    private long previousNanos = System.nanoTime();

    synchronized double perSecond(long count) {
        long now = System.nanoTime();
        double rate = (count - previousCount) / Math.max(1e-9, (now - previousNanos) / 1e9);
        previousCount = count;
        previousNanos = now;
        return rate;
    }
}
