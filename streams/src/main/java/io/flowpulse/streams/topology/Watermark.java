package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;

/**
 * Progress of one stage-1 task (one partition of the flows topic), broadcast to every partition of
 * the partials topic.
 *
 * @param upstreamPartition partition of the flows topic the task reads
 * @param closedUpTo        every window ending at or before this time (epoch ms) is complete from that
 *                          partition; {@link Long#MAX_VALUE} after the end-of-stream marker
 * @param maxEventTime      largest event time (epoch ms) the task has seen, or {@link Long#MIN_VALUE}
 * @param idle              the partition has had no record for the idle timeout (wall clock): stage 2
 *                          does not wait for it until it reports progress again
 */
public record Watermark(int upstreamPartition, long closedUpTo, long maxEventTime, boolean idle) {

    public Watermark(int upstreamPartition, long closedUpTo, long maxEventTime) {
        this(upstreamPartition, closedUpTo, maxEventTime, false);
    }

    /** Key of watermark records on the partials topic; no data key starts with a NUL character. */
    public static final String KEY = "\u0000wm";

    private static final int FORMAT_VERSION = 2;

    public static boolean isWatermarkKey(String key) {
        return KEY.equals(key);
    }

    public boolean isFinal() {
        return closedUpTo == Long.MAX_VALUE;
    }

    public byte[] toBytes() {
        return new ByteWriter(24).writeByte(FORMAT_VERSION).writeVarInt(upstreamPartition)
                .writeSignedVarLong(closedUpTo).writeSignedVarLong(maxEventTime).writeBoolean(idle).toByteArray();
    }

    public static Watermark fromBytes(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        in.expectVersion(FORMAT_VERSION, "Watermark");
        Watermark watermark = new Watermark(in.readVarInt(), in.readSignedVarLong(), in.readSignedVarLong(),
                in.readBoolean());
        in.expectEnd("Watermark");
        return watermark;
    }
}
