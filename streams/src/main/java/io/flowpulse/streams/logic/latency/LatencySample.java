package io.flowpulse.streams.logic.latency;

import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.CorruptStateException;
import io.flowpulse.streams.logic.codec.StateCodec;
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

        private static final int FORMAT_VERSION = 1;

        /** For repartition topics between the sample sources and the latency aggregation (the key travels too). */
        public static final StateCodec<KeyedLatencySample> CODEC = new StateCodec<>() {
            @Override
            public byte[] encode(KeyedLatencySample value) {
                return new ByteWriter(48).writeByte(FORMAT_VERSION).writeString(value.key.asString())
                        .writeSignedVarLong(value.timeMicros).writeSignedVarLong(value.valueNanos).toByteArray();
            }

            @Override
            public KeyedLatencySample decode(byte[] bytes) {
                ByteReader in = new ByteReader(bytes);
                in.expectVersion(FORMAT_VERSION, "KeyedLatencySample");
                LatencyKey key;
                try {
                    key = LatencyKey.parse(in.readString());
                } catch (IllegalArgumentException e) {
                    throw new CorruptStateException("KeyedLatencySample: " + e.getMessage());
                }
                KeyedLatencySample sample = new KeyedLatencySample(key, in.readSignedVarLong(), in.readSignedVarLong());
                in.expectEnd("KeyedLatencySample");
                return sample;
            }
        };
    }
}
