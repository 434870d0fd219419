package io.flowpulse.streams.logic;

import java.time.Instant;

/** Instants as microseconds since the Unix epoch, the precision of Flow.time. */
public final class EpochMicros {

    private EpochMicros() {
    }

    public static long of(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
