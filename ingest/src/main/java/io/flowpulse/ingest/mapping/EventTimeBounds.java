package io.flowpulse.ingest.mapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The event times ingest accepts: from {@code earliest} to the wall clock plus {@code maxAhead}. Event
 * time drives the analytics' watermarks, so one flow stamped in year 2200 would close every window up
 * to then and make all later flows late; such a flow is refused when it is mapped, with the reason.
 * Thread-safe.
 */
public final class EventTimeBounds {

    /** No Hubble predates this. */
    public static final Instant DEFAULT_EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Room for clocks of nodes that run ahead, and for time zones gone wrong. */
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(1);

    public static final EventTimeBounds DEFAULTS = new EventTimeBounds(DEFAULT_EARLIEST, DEFAULT_MAX_AHEAD,
            Clock.systemUTC());

    private final Instant earliest;
    private final Duration maxAhead;
    private final Clock clock;
    private final long earliestSeconds;
    private final long maxAheadSeconds;

    public EventTimeBounds(Instant earliest, Duration maxAhead, Clock clock) {
        if (maxAhead.isNegative()) {
            throw new IllegalArgumentException("the time allowed ahead of the clock must not be negative, got " + maxAhead);
        }
        this.earliest = earliest;
        this.maxAhead = maxAhead;
        this.clock = clock;
        this.earliestSeconds = earliest.getEpochSecond();
        this.maxAheadSeconds = maxAhead.getSeconds();
    }

    public Instant earliest() {
        return earliest;
    }

    public Duration maxAhead() {
        return maxAhead;
    }

    /** Whether an event at these epoch seconds is accepted (the fast paths' check, without allocating). */
    public boolean accepts(long epochSeconds) {
        return epochSeconds >= earliestSeconds && epochSeconds <= latestSeconds();
    }

    /**
     * @param what names the time in the message, e.g. "flow time"
     * @throws EventTimeOutOfRangeException when the time is outside the bounds
     */
    public void check(long epochSeconds, String what) {
        if (epochSeconds < earliestSeconds) {
            throw new EventTimeOutOfRangeException(what + " " + describe(epochSeconds) + " is before " + earliest
                    + ", the earliest event time accepted");
        }
        long latest = latestSeconds();
        if (epochSeconds > latest) {
            throw new EventTimeOutOfRangeException(what + " " + describe(epochSeconds) + " is more than " + maxAhead
                    + " ahead of the clock (latest accepted " + Instant.ofEpochSecond(latest) + ")");
        }
    }

    /** The time as an instant where it is one, else as what it is: a count of seconds no calendar holds. */
    private static String describe(long epochSeconds) {
        if (epochSeconds < Instant.MIN.getEpochSecond() || epochSeconds > Instant.MAX.getEpochSecond()) {
            return epochSeconds + " s after the epoch";
        }
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    private long latestSeconds() {
        long now = clock.millis() / 1000;
        return now > Long.MAX_VALUE - maxAheadSeconds ? Long.MAX_VALUE : now + maxAheadSeconds;
    }
}
