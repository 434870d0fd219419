package io.flowpulse.streams.logic.latency;

import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.streams.logic.Millis;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.sketch.LatencyDigest;

/** Turns the {@link LatencyDigest} of a key and window into its LatencyWindow record. */
public final class LatencyWindows {

    private LatencyWindows() {
    }

    public static LatencyWindow of(LatencyKey key, TimeWindow window, LatencyDigest digest) {
        if (digest.isEmpty()) {
            throw new IllegalArgumentException("no latency samples for " + key.asString() + " in " + window);
        }
        double[] p = digest.percentilesNanos(50, 90, 99);
        return LatencyWindow.newBuilder()
                .setLevel(key.level().wireName())
                .setKind(key.kind().wireName())
                .setSrc(key.src())
                .setDst(key.dst())
                .setWindowStart(window.start())
                .setWindowEnd(window.end())
                .setSamples(digest.count())
                .setMinMs(Millis.fromNanos(digest.minNanos()))
                .setP50Ms(Millis.fromNanos(p[0]))
                .setP90Ms(Millis.fromNanos(p[1]))
                .setP99Ms(Millis.fromNanos(p[2]))
                .setMaxMs(Millis.fromNanos(digest.maxNanos()))
                .setMeanMs(Millis.fromNanos(digest.meanNanos()))
                .setStddevMs(Millis.fromNanos(digest.stddevNanos()))
                .setJitterMs(Millis.fromNanos(digest.jitterNanos()))
                .setExact(digest.isExact())
                .build();
    }
}
