package io.flowpulse.sink.avro;

import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import java.util.Map;
import java.util.TreeMap;

/** Field-level steps shared by the transcoders. */
final class Transcoding {

    private Transcoding() {
    }

    static void string(AvroBinaryReader in, RowBinaryWriter out) {
        in.readStringRange();
        out.utf8(in.buffer(), in.stringOffset(), in.stringLength());
    }

    static void float64(AvroBinaryReader in, RowBinaryWriter out) {
        out.raw(in.buffer(), in.skipDouble(), 8);
    }

    /** timestamp-millis -> DateTime seconds; false when outside DateTime's range. */
    static boolean dateTimeFromMillis(AvroBinaryReader in, RowBinaryWriter out) {
        long seconds = Math.floorDiv(in.readLong(), 1000L);
        if (seconds < 0 || seconds > RowBinaryWriter.MAX_DATETIME_SECONDS) {
            return false;
        }
        out.int32((int) seconds);
        return true;
    }

    /** A long count -> UInt64; false when negative. */
    static boolean count(AvroBinaryReader in, RowBinaryWriter out) {
        long v = in.readLong();
        if (v < 0) {
            return false;
        }
        out.uint64(v);
        return true;
    }

    /** map<long> -> Nested(name, count) sorted by name, later duplicates winning; false on a negative count. */
    static boolean countMap(AvroBinaryReader in, RowBinaryWriter out) {
        Map<String, Long> sorted = null;
        for (long n = in.readBlockCount(); n != 0; n = in.readBlockCount()) {
            for (long i = 0; i < n; i++) {
                String key = in.readString();
                long value = in.readLong();
                if (value < 0) {
                    return false;
                }
                if (sorted == null) {
                    sorted = new TreeMap<>();
                }
                sorted.put(key, value);
            }
        }
        if (sorted == null) {
            out.arrayLength(0).arrayLength(0);
            return true;
        }
        out.arrayLength(sorted.size());
        for (String k : sorted.keySet()) {
            out.string(k);
        }
        out.arrayLength(sorted.size());
        for (long v : sorted.values()) {
            out.uint64(v);
        }
        return true;
    }
}
