package io.flowpulse.streams.logic.latency;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.StateCodec;

/** A SYN waiting for its SYN-ACK: its time and where its client (src) and server (dst) are. */
public record PendingSyn(long synTimeMicros, String srcNode, String srcSubnet, String dstNode, String dstSubnet) {

    private static final int FORMAT_VERSION = 1;

    public static final StateCodec<PendingSyn> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(PendingSyn syn) {
            return new ByteWriter(48).writeByte(FORMAT_VERSION).writeSignedVarLong(syn.synTimeMicros)
                    .writeString(syn.srcNode).writeString(syn.srcSubnet)
                    .writeString(syn.dstNode).writeString(syn.dstSubnet).toByteArray();
        }

        @Override
        public PendingSyn decode(byte[] bytes) {
            ByteReader in = new ByteReader(bytes);
            in.expectVersion(FORMAT_VERSION, "PendingSyn");
            PendingSyn syn = new PendingSyn(in.readSignedVarLong(), in.readString(), in.readString(),
                    in.readString(), in.readString());
            in.expectEnd("PendingSyn");
            return syn;
        }
    };
}
