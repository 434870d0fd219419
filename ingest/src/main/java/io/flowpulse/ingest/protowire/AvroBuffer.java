package io.flowpulse.ingest.protowire;

import java.util.Arrays;

/**
 * Avro binary encoding into a buffer reused between records. The caller sizes it once per
 * record with {@link #reset(int)} for the largest output the record can make, so the writes
 * themselves do not check for room; a wrong bound surfaces as an index exception, which the
 * encoder treats as "leave this record to the reference path".
 */
final class AvroBuffer {

    private byte[] buf = new byte[4096];
    private int size;

    /** Empties the buffer and makes room for {@code capacity} bytes. */
    void reset(int capacity) {
        if (buf.length < capacity) {
            buf = new byte[Math.max(capacity, buf.length * 2)];
        }
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    void writeRaw(byte b) {
        buf[size++] = b;
    }

    void writeInt(int n) {
        writeLong(n);
    }

    /** Zig-zag varint, as Avro writes int and long. */
    void writeLong(long n) {
        long v = (n << 1) ^ (n >> 63);
        while ((v & ~0x7fL) != 0) {
            buf[size++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void writeBoolean(boolean b) {
        buf[size++] = b ? (byte) 1 : (byte) 0;
    }

    void writeString(byte[] source, int offset, int length) {
        writeLong(length);
        System.arraycopy(source, offset, buf, size, length);
        size += length;
    }

    void writeString(byte[] utf8) {
        writeString(utf8, 0, utf8.length);
    }

    void writeNull() {
        buf[size++] = 0; // union branch 0
    }

    /** Union branch 1 of a ["null", T] union; the value follows. */
    void writePresent() {
        buf[size++] = 2;
    }
}
