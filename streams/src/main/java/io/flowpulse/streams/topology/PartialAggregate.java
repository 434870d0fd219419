package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.CorruptStateException;
import java.util.Arrays;

/**
 * A partial aggregate on the partials topic: what one stage-1 task collected for one output key
 * in one window. Record key {@code <tag>|<output key>} (so that every partial of a key meets in the
 * same stage-2 task); value {@code [version][tag][window start][aggregate bytes]}.
 */
public record PartialAggregate(char tag, long windowStartMillis, String outputKey, byte[] aggregate) {

    private static final int FORMAT_VERSION = 1;

    public static String recordKey(char tag, String outputKey) {
        return tag + "|" + outputKey;
    }

    public String recordKey() {
        return recordKey(tag, outputKey);
    }

    public WindowedKey windowedKey() {
        return new WindowedKey(windowStartMillis, tag, outputKey);
    }

    public byte[] toValueBytes() {
        ByteWriter out = new ByteWriter(aggregate.length + 16);
        out.writeByte(FORMAT_VERSION).writeByte(tag).writeSignedVarLong(windowStartMillis);
        byte[] header = out.toByteArray();
        byte[] value = Arrays.copyOf(header, header.length + aggregate.length);
        System.arraycopy(aggregate, 0, value, header.length, aggregate.length);
        return value;
    }

    public static PartialAggregate fromRecord(String recordKey, byte[] value) {
        if (recordKey == null || recordKey.length() < 2 || recordKey.charAt(1) != '|') {
            throw new CorruptStateException("not a partial aggregate key '<tag>|<output key>': '" + recordKey + "'");
        }
        ByteReader in = new ByteReader(value);
        in.expectVersion(FORMAT_VERSION, "PartialAggregate");
        char tag = (char) in.readByte();
        if (tag != recordKey.charAt(0)) {
            throw new CorruptStateException("partial aggregate tag '" + tag + "' does not match its key '" + recordKey + "'");
        }
        long start = in.readSignedVarLong();
        byte[] aggregate = Arrays.copyOfRange(value, value.length - in.remaining(), value.length);
        return new PartialAggregate(tag, start, recordKey.substring(2), aggregate);
    }
}
