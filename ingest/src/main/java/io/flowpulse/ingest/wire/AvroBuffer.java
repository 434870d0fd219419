package io.flowpulse.ingest.wire;

import java.util.Arrays;

/** Avro binary encoding into a growable buffer that is reused between records. */
final class AvroBuffer {

    private byte[] buf = new byte[2048];
    private int size;

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    void writeRaw(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    void writeInt(int n) {
        writeLong(n);
    }

    /** Zig-zag varint, as Avro writes int and long. */
    void writeLong(long n) {
        ensure(10);
        long v = (n << 1) ^ (n >> 63);
        if ((v & ~0x7fL) == 0) {
            buf[size++] = (byte) v;
            return;
        }
        while ((v & ~0x7fL) != 0) {
            buf[size++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void writeBoolean(boolean b) {
        writeRaw(b ? (byte) 1 : (byte) 0);
    }

    void writeString(byte[] source, int offset, int length) {
        ensure(length + 10);
        writeLong(length);
        System.arraycopy(source, offset, buf, size, length);
        size += length;
    }

    void writeString(byte[] utf8) {
        writeString(utf8, 0, utf8.length);
    }

    void writeNull() {
        writeRaw((byte) 0); // union branch 0
    }

    /** Union branch 1 of a ["null", T] union; the value follows. */
    void writePresent() {
        writeRaw((byte) 2);
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
