package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;

/** Sum of Hubble's {@code num_events_lost} of one node in one window (input of the LOST_EVENTS alert). */
public final class LostEventsCount {

    private static final int FORMAT_VERSION = 1;

    private long lost;

    public LostEventsCount(long lost) {
        if (lost < 0) {
            throw new IllegalArgumentException("num_events_lost must not be negative: " + lost);
        }
        this.lost = lost;
    }

    public long lost() {
        return lost;
    }

    public LostEventsCount merge(LostEventsCount other) {
        lost += other.lost;
        return this;
    }

    public byte[] toBytes() {
        return new ByteWriter(12).writeByte(FORMAT_VERSION).writeVarLong(lost).toByteArray();
    }

    public static LostEventsCount fromBytes(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        in.expectVersion(FORMAT_VERSION, "LostEventsCount");
        LostEventsCount count = new LostEventsCount(in.readVarLong());
        in.expectEnd("LostEventsCount");
        return count;
    }
}
