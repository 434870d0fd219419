package io.flowpulse.ingest.protowire;

/** A string field's bytes in the event buffer; length 0 is protobuf's absent/empty string. */
final class Text {
    int offset;
    int length;

    void clear() {
        offset = 0;
        length = 0;
    }

    /** Reads a length-delimited string at the cursor, checking it is UTF-8. */
    void read(ProtobufCursor c) throws LeftToReferencePath {
        int n = c.readLength();
        if (!Utf8Check.valid(c.buf, c.pos, n)) {
            throw LeftToReferencePath.INSTANCE;
        }
        offset = c.pos;
        length = n;
        c.pos += n;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** Reads one occurrence of a repeated string field into {@code spans}, checking it is UTF-8. */
    static void readRepeated(ProtobufCursor c, Spans spans) throws LeftToReferencePath {
        int n = c.readLength();
        if (!Utf8Check.valid(c.buf, c.pos, n)) {
            throw LeftToReferencePath.INSTANCE;
        }
        spans.add(c.pos, n);
        c.pos += n;
    }
}
