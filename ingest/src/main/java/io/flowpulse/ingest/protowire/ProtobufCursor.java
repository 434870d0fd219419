package io.flowpulse.ingest.protowire;

/**
 * Reads protobuf's binary wire format from a byte array, without allocating. A nested message
 * is read by narrowing {@link #end} to its length and restoring it afterwards.
 */
final class ProtobufCursor {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    byte[] buf;
    int pos;
    int end;

    void reset(byte[] bytes) {
        buf = bytes;
        pos = 0;
        end = bytes.length;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** The next tag: field number << 3 | wire type. */
    int readTag() throws LeftToReferencePath {
        long tag = readVarint();
        if (tag < 8 || tag > Integer.MAX_VALUE) { // field number 0 is invalid
            throw LeftToReferencePath.INSTANCE;
        }
        return (int) tag;
    }

    long readVarint() throws LeftToReferencePath {
        if (pos < end && buf[pos] >= 0) {
            return buf[pos++];
        }
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw LeftToReferencePath.INSTANCE;
            }
            byte b = buf[pos++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw LeftToReferencePath.INSTANCE;
    }

    /** Reads the length of a length-delimited field; {@link #pos} is then at its first byte. */
    int readLength() throws LeftToReferencePath {
        long length = readVarint();
        if (length < 0 || length > end - pos) {
            throw LeftToReferencePath.INSTANCE;
        }
        return (int) length;
    }

    /** Skips a field of an unknown number. Groups (deprecated since proto2) are not expected from Hubble. */
    void skip(int wireType) throws LeftToReferencePath {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(readLength());
            case FIXED32 -> advance(4);
            default -> throw LeftToReferencePath.INSTANCE;
        }
    }

    private void advance(int n) throws LeftToReferencePath {
        if (n > end - pos) {
            throw LeftToReferencePath.INSTANCE;
        }
        pos += n;
    }

    /** Ends reading when a known field arrives with an unexpected wire type. */
    static void expect(int wireType, int expected) throws LeftToReferencePath {
        if (wireType != expected) {
            throw LeftToReferencePath.INSTANCE;
        }
    }
}
