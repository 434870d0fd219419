package io.flowpulse.streams.logic.latency;

import io.flowpulse.streams.logic.EpochMicros;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One latency sample between a client (src) and a server (dst), at the time that orders it
 * (the SYN's time for a handshake, the response's time for L7) in epoch microseconds.
 */
public record LatencySample(LatencyKind kind, String srcNode, String srcSubnet, String dstNode, String dstSubnet,
                            long timeMicros, long valueNanos) {

    public LatencySample {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(srcNode, "srcNode");
        Objects.requireNonNull(srcSubnet, "srcSubnet");
        Objects.requireNonNull(dstNode, "dstNode");
        Objects.requireNonNull(dstSubnet, "dstSubnet");
        if (valueNanos < 0) {
            throw new IllegalArgumentException("latency must not be negative: " + valueNanos + " ns");
        }
    }

    public Instant time() {
        return EpochMicros.toInstant(timeMicros);
    }

    /** The sample under its node-level and its subnet-level key. */
    public List<KeyedLatencySample> keyed() {
        return List.of(
                new KeyedLatencySample(new LatencyKey(LatencyLevel.NODE, kind, srcNode, dstNode), timeMicros, valueNanos),
                new KeyedLatencySample(new LatencyKey(LatencyLevel.SUBNET, kind, srcSubnet, dstSubnet), timeMicros, valueNanos));
    }

    /** A sample value under one aggregation key. */
    public record KeyedLatencySample(LatencyKey key, long timeMicros, long valueNanos) {
    }
}
