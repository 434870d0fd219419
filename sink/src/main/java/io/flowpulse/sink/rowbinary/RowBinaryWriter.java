package io.flowpulse.sink.rowbinary;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes values in ClickHouse's RowBinary format into a growable byte buffer.
 *
 * <p>RowBinary is little-endian; strings and arrays are prefixed with their length as an
 * unsigned LEB128 varint; {@code Nullable(T)} is one byte (1 = NULL, 0 = a value follows);
 * {@code DateTime} is a UInt32 of seconds since the Unix epoch. Rows are written column by
 * column in the order of the INSERT's column list; {@link #rowStart()} and
 * {@link #truncate(int)} let a caller drop a half-written row.
 */
public final class RowBinaryWriter {

    /** Largest value a ClickHouse DateTime (UInt32 seconds) can hold: 2106-02-07T06:28:15Z. */
    public static final long MAX_DATETIME_SECONDS = 0xFFFF_FFFFL;

    private byte[] buf;
    private int size;

    public RowBinaryWriter() {
        this(64 * 1024);
    }

    public RowBinaryWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    /** The underlying array; only the first {@link #size()} bytes are valid. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public void reset() {
        size = 0;
    }

    /** Position where the next row starts; pass it to {@link #truncate(int)} to undo a row. */
    public int rowStart() {
        return size;
    }

    public void truncate(int position) {
        if (position < 0 || position > size) {
            throw new IllegalArgumentException("cannot truncate to " + position + " of " + size + " bytes");
        }
        size = position;
    }

    public RowBinaryWriter uint8(int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException("UInt8 out of range: " + v);
        }
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public RowBinaryWriter bool(boolean v) {
        return uint8(v ? 1 : 0);
    }

    public RowBinaryWriter uint16(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("UInt16 out of range: " + v);
        }
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    public RowBinaryWriter int32(int v) {
        ensure(4);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 24);
        return this;
    }

    public RowBinaryWriter uint32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("UInt32 out of range: " + v);
        }
        return int32((int) v);
    }

    public RowBinaryWriter int64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** UInt64 from a non-negative long; negative counts are a bug upstream, not a huge number. */
    public RowBinaryWriter uint64(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("UInt64 cannot hold a negative value: " + v);
        }
        return int64(v);
    }

    public RowBinaryWriter float64(double v) {
        return int64(Double.doubleToRawLongBits(v));
    }

    /** Unsigned LEB128: 7 bits a byte, lowest group first, high bit set on every byte but the last. */
    public RowBinaryWriter varUInt(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("varint length cannot be negative: " + v);
        }
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    public RowBinaryWriter string(String s) {
        if (s == null) {
            throw new IllegalArgumentException("String column cannot be null (use a Nullable column)");
        }
        int n = s.length();
        int i = 0;
        // ASCII fast path: one byte per char, no intermediate array
        if (n < 128) {
            ensure(1 + n);
            int lengthPos = size++;
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                buf[size++] = (byte) c;
            }
            if (i == n) {
                buf[lengthPos] = (byte) n;
                return this;
            }
            size = lengthPos;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        varUInt(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** A String column from bytes that are already UTF-8 (e.g. straight out of an Avro record). */
    public RowBinaryWriter utf8(byte[] src, int offset, int length) {
        varUInt(length);
        return raw(src, offset, length);
    }

    /** Bytes copied as they are, e.g. a little-endian IEEE double taken from Avro. */
    public RowBinaryWriter raw(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, buf, size, length);
        size += length;
        return this;
    }

    /** DateTime: whole seconds since the epoch as UInt32; fractions of a second are cut off. */
    public RowBinaryWriter dateTime(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < 0 || seconds > MAX_DATETIME_SECONDS) {
            throw new IllegalArgumentException("time " + t + " is outside the range of a ClickHouse DateTime "
                    + "(1970-01-01T00:00:00Z .. 2106-02-07T06:28:15Z)");
        }
        return int32((int) seconds);
    }

    /** Marker of a NULL in a Nullable column. */
    public RowBinaryWriter nullValue() {
        return uint8(1);
    }

    /** Marker of a present value in a Nullable column; the value follows. */
    public RowBinaryWriter notNull() {
        return uint8(0);
    }

    public RowBinaryWriter nullableString(String s) {
        return s == null ? nullValue() : notNull().string(s);
    }

    public RowBinaryWriter nullableInt32(Integer v) {
        return v == null ? nullValue() : notNull().int32(v);
    }

    public RowBinaryWriter nullableUInt64(Long v) {
        return v == null ? nullValue() : notNull().uint64(v);
    }

    public RowBinaryWriter nullableFloat64(Double v) {
        return v == null ? nullValue() : notNull().float64(v);
    }

    public RowBinaryWriter nullableBool(Boolean v) {
        return v == null ? nullValue() : notNull().bool(v);
    }

    /** Array length prefix; the elements follow. */
    public RowBinaryWriter arrayLength(int n) {
        return varUInt(n);
    }

    public RowBinaryWriter stringArray(List<? extends CharSequence> values) {
        arrayLength(values.size());
        for (CharSequence v : values) {
            string(v == null ? null : v.toString());
        }
        return this;
    }

    public RowBinaryWriter uint64Array(long[] values, int count) {
        arrayLength(count);
        for (int i = 0; i < count; i++) {
            uint64(values[i]);
        }
        return this;
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed > buf.length) {
            if (needed < 0) {
                throw new IllegalStateException("RowBinary buffer cannot grow past 2 GiB");
            }
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length < (1 << 30) ? buf.length * 2 : Integer.MAX_VALUE - 8));
        }
    }
}
