package io.flowpulse.streams.logic.codec;

import java.nio.charset.StandardCharsets;

/** Reads what {@link ByteWriter} wrote; every malformed input ends in a {@link CorruptStateException}. */
public final class ByteReader {

    private final byte[] bytes;
    private int position;

    public ByteReader(byte[] bytes) {
        if (bytes == null) {
            throw new CorruptStateException("no bytes to decode (null)");
        }
        this.bytes = bytes;
    }

    public int readByte() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    public boolean readBoolean() {
        int value = readByte();
        if (value > 1) {
            throw new CorruptStateException("invalid boolean byte " + value + " at offset " + (position - 1));
        }
        return value == 1;
    }

    public long readVarLong() {
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptStateException("varint longer than 10 bytes at offset " + position);
    }

    public long readSignedVarLong() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public int readVarInt() {
        long value = readSignedVarLong();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new CorruptStateException("int out of range: " + value);
        }
        return (int) value;
    }

    /** A non-negative count that must fit in an int (lengths, sizes). */
    public int readCount() {
        long value = readVarLong();
        if (value < 0 || value > Integer.MAX_VALUE || value > (long) remaining() * 8 + 64) {
            throw new CorruptStateException("implausible count " + value + " with " + remaining() + " bytes left");
        }
        return (int) value;
    }

    public double readDouble() {
        require(8);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (bytes[position++] & 0xFF);
        }
        return Double.longBitsToDouble(bits);
    }

    public String readString() {
        int length = readCount();
        require(length);
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    public int remaining() {
        return bytes.length - position;
    }

    /** Checks the format version byte written first by every state format. */
    public void expectVersion(int expected, String what) {
        int version = readByte();
        if (version != expected) {
            throw new CorruptStateException(what + ": unsupported state format version " + version + ", expected " + expected);
        }
    }

    public void expectEnd(String what) {
        if (remaining() != 0) {
            throw new CorruptStateException(what + ": " + remaining() + " unexpected trailing bytes");
        }
    }

    private void require(int count) {
        if (count < 0 || position + count > bytes.length) {
            throw new CorruptStateException("truncated state: need " + count + " bytes at offset " + position
                    + " of " + bytes.length);
        }
    }
}
