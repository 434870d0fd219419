package io.flowpulse.sink.avro;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over an Avro binary body: zig-zag varints, doubles, strings as byte ranges,
 * and the block counts of arrays and maps. Throws {@link MalformedAvroException} when the
 * bytes run out or a length is impossible.
 */
public final class AvroBinaryReader {

    private final byte[] buf;
    private final int end;
    private int pos;
    private int lastStringOffset;
    private int lastStringLength;

    public AvroBinaryReader(byte[] buf, int offset, int end) {
        this.buf = buf;
        this.pos = offset;
        this.end = end;
    }

    public byte[] buffer() {
        return buf;
    }

    public boolean atEnd() {
        return pos == end;
    }

    public long readLong() {
        long raw = 0;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw new MalformedAvroException("varint runs past the end of the value");
            }
            int b = buf[pos++] & 0xFF;
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw new MalformedAvroException("varint longer than 10 bytes");
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    public int readInt() {
        long v = readLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new MalformedAvroException("int out of range: " + v);
        }
        return (int) v;
    }

    public boolean readBoolean() {
        require(1);
        int b = buf[pos++];
        if (b != 0 && b != 1) {
            throw new MalformedAvroException("boolean byte is " + b);
        }
        return b == 1;
    }

    /** Position of the next 8 bytes, an IEEE 754 little-endian double, and skips them. */
    public int skipDouble() {
        require(8);
        int at = pos;
        pos += 8;
        return at;
    }

    public double readDouble() {
        int at = skipDouble();
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (buf[at + i] & 0xFF);
        }
        return Double.longBitsToDouble(bits);
    }

    /** Reads a string's length and skips its bytes; {@link #stringOffset()} and {@link #stringLength()} locate them. */
    public void readStringRange() {
        long len = readLong();
        if (len < 0 || len > end - pos) {
            throw new MalformedAvroException("string length " + len + " does not fit in the value");
        }
        lastStringOffset = pos;
        lastStringLength = (int) len;
        pos += (int) len;
    }

    public int stringOffset() {
        return lastStringOffset;
    }

    public int stringLength() {
        return lastStringLength;
    }

    public String readString() {
        readStringRange();
        return new String(buf, lastStringOffset, lastStringLength, StandardCharsets.UTF_8);
    }

    /**
     * Item count of the next array or map block (0 ends the array or map); a negative count
     * is followed by the block's size in bytes, which is skipped.
     */
    public long readBlockCount() {
        long n = readLong();
        if (n < 0) {
            readLong();
            n = -n;
        }
        if (n > end - pos) {
            throw new MalformedAvroException("block of " + n + " items does not fit in the value");
        }
        return n;
    }

    private void require(int n) {
        if (end - pos < n) {
            throw new MalformedAvroException("value ends " + (n - (end - pos)) + " byte(s) early");
        }
    }

    /** Bytes that are not a value of the expected schema. */
    public static final class MalformedAvroException extends RuntimeException {
        public MalformedAvroException(String message) {
            super(message);
        }
    }
}
