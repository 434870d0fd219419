package io.flowpulse.schemas;

import java.time.Instant;

/**
 * Instants as microseconds since the Unix epoch, the precision of every timestamp-micros field of
 * our records. Nanoseconds below a microsecond are cut (rounded towards the past), everywhere alike.
 */
public final class EpochMicros {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private EpochMicros() {
    }

    public static long of(Instant time) {
        return of(time.getEpochSecond(), time.getNano());
    }

    /** Of a protobuf Timestamp's seconds and nanoseconds. */
    public static long of(long epochSeconds, int nanos) {
        return Math.addExact(Math.multiplyExact(epochSeconds, MICROS_PER_SECOND), nanos / 1_000);
    }

    /** The instant a timestamp-micros field holds for these seconds and nanoseconds: below a microsecond cut. */
    public static Instant truncate(long epochSeconds, int nanos) {
        return Instant.ofEpochSecond(epochSeconds, nanos - nanos % 1000);
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L);
    }
}
