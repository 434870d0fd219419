package io.flowpulse.streams.logic.dns;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.CorruptStateException;
import io.flowpulse.streams.logic.codec.StateCodec;
import java.util.Objects;

/** One DNS request or response of a client; {@code rcode} and {@code latencyNanos} only mean something for responses. */
public record DnsObservation(DnsMessageType type, String query, int rcode, long latencyNanos, long timeMicros) {

    private static final int FORMAT_VERSION = 1;

    /** For repartition topics between the flow stream and the DNS aggregation. */
    public static final StateCodec<DnsObservation> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(DnsObservation value) {
            return new ByteWriter(32 + value.query.length()).writeByte(FORMAT_VERSION).writeByte(value.type.ordinal())
                    .writeString(value.query).writeVarInt(value.rcode).writeSignedVarLong(value.latencyNanos)
                    .writeSignedVarLong(value.timeMicros).toByteArray();
        }

        @Override
        public DnsObservation decode(byte[] bytes) {
            ByteReader in = new ByteReader(bytes);
            in.expectVersion(FORMAT_VERSION, "DnsObservation");
            int ordinal = in.readByte();
            if (ordinal >= DnsMessageType.values().length) {
                throw new CorruptStateException("DnsObservation: unknown message type " + ordinal);
            }
            DnsObservation observation = new DnsObservation(DnsMessageType.values()[ordinal], in.readString(),
                    in.readVarInt(), in.readSignedVarLong(), in.readSignedVarLong());
            in.expectEnd("DnsObservation");
            return observation;
        }
    };

    public DnsObservation {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(query, "query");
    }
}
