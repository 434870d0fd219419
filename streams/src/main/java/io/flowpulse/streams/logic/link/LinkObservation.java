package io.flowpulse.streams.logic.link;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.CorruptStateException;
import io.flowpulse.streams.logic.codec.StateCodec;
import java.util.Objects;

/** One flow event on a link: its verdict class and, for drops, the reason name (null otherwise). */
public record LinkObservation(VerdictClass verdict, String dropReason) {

    private static final int FORMAT_VERSION = 1;

    /** For repartition topics between the flow stream and the link aggregation. */
    public static final StateCodec<LinkObservation> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(LinkObservation value) {
            ByteWriter out = new ByteWriter(24).writeByte(FORMAT_VERSION).writeByte(value.verdict.ordinal());
            if (value.verdict == VerdictClass.DROPPED) {
                out.writeString(value.dropReason);
            }
            return out.toByteArray();
        }

        @Override
        public LinkObservation decode(byte[] bytes) {
            ByteReader in = new ByteReader(bytes);
            in.expectVersion(FORMAT_VERSION, "LinkObservation");
            int ordinal = in.readByte();
            if (ordinal >= VerdictClass.values().length) {
                throw new CorruptStateException("LinkObservation: unknown verdict class " + ordinal);
            }
            VerdictClass verdict = VerdictClass.values()[ordinal];
            LinkObservation observation = new LinkObservation(verdict, verdict == VerdictClass.DROPPED ? in.readString() : null);
            in.expectEnd("LinkObservation");
            return observation;
        }
    };

    public LinkObservation {
        Objects.requireNonNull(verdict, "verdict");
        if (verdict == VerdictClass.DROPPED) {
            Objects.requireNonNull(dropReason, "dropReason of a dropped event");
        } else if (dropReason != null) {
            throw new IllegalArgumentException("only dropped events carry a drop reason");
        }
    }
}
