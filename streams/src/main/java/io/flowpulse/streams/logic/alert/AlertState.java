package io.flowpulse.streams.logic.alert;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.StateCodec;
import java.time.Instant;

/**
 * A firing alert: when it fired, with which severity and threshold, and in how many consecutive
 * closed windows since then its condition did not hold. Alerts that are not firing have no state.
 */
public record AlertState(Instant firedWindowStart, String severity, double threshold, int windowsWithoutCondition) {

    private static final int FORMAT_VERSION = 1;

    public static final StateCodec<AlertState> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(AlertState s) {
            return new ByteWriter(32).writeByte(FORMAT_VERSION).writeSignedVarLong(s.firedWindowStart.toEpochMilli())
                    .writeString(s.severity).writeDouble(s.threshold).writeVarLong(s.windowsWithoutCondition)
                    .toByteArray();
        }

        @Override
        public AlertState decode(byte[] bytes) {
            ByteReader in = new ByteReader(bytes);
            in.expectVersion(FORMAT_VERSION, "AlertState");
            AlertState state = new AlertState(Instant.ofEpochMilli(in.readSignedVarLong()), in.readString(),
                    in.readDouble(), in.readCount());
            in.expectEnd("AlertState");
            return state;
        }
    };

    AlertState withWindowsWithoutCondition(int count) {
        return new AlertState(firedWindowStart, severity, threshold, count);
    }
}
