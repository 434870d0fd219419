package io.flowpulse.ingest.protowire;

/**
 * A protobuf message read field by field from the event buffer. Subclasses keep the fields
 * Flowpulse maps and skip the others; {@link #read} narrows the cursor to the message.
 */
abstract class MessageView {

    /** Whether the message occurred at all (a present empty message still counts). */
    boolean present;

    final void clear() {
        present = false;
        clearFields();
    }

    abstract void clearFields();

    /** Handles one field whose tag was just read; unknown numbers must be skipped. */
    abstract void field(ProtobufCursor c, int number, int wireType) throws LeftToReferencePath;

    /**
     * Reads the length-delimited message at the cursor. A singular message given twice would be
     * merged by protobuf: left to the reference path.
     */
    final void read(ProtobufCursor c) throws LeftToReferencePath {
        if (present) {
            throw LeftToReferencePath.INSTANCE;
        }
        present = true;
        int length = c.readLength();
        readBody(c, c.pos + length);
    }

    /** Reads the message body at {@code offset} of {@code bytes}, an occurrence {@link #repeatedMessage} kept. */
    final void readSpan(ProtobufCursor c, byte[] bytes, int offset, int length) throws LeftToReferencePath {
        c.buf = bytes;
        c.pos = offset;
        c.end = offset + length;
        clear();
        present = true;
        readBody(c, offset + length);
    }

    /** Reads fields from the cursor up to {@code end} (exclusive). */
    final void readBody(ProtobufCursor c, int end) throws LeftToReferencePath {
        int outerEnd = c.end;
        c.end = end;
        while (c.hasMore()) {
            int tag = c.readTag();
            field(c, tag >>> 3, tag & 7);
        }
        c.end = outerEnd;
    }

    static long varint(ProtobufCursor c, int wireType) throws LeftToReferencePath {
        ProtobufCursor.expect(wireType, ProtobufCursor.VARINT);
        return c.readVarint();
    }

    static void text(ProtobufCursor c, int wireType, Text into) throws LeftToReferencePath {
        ProtobufCursor.expect(wireType, ProtobufCursor.LENGTH_DELIMITED);
        into.read(c);
    }

    static void repeatedText(ProtobufCursor c, int wireType, Spans into) throws LeftToReferencePath {
        ProtobufCursor.expect(wireType, ProtobufCursor.LENGTH_DELIMITED);
        Text.readRepeated(c, into);
    }

    static void message(ProtobufCursor c, int wireType, MessageView into) throws LeftToReferencePath {
        ProtobufCursor.expect(wireType, ProtobufCursor.LENGTH_DELIMITED);
        into.read(c);
    }

    /** Records one occurrence of a repeated message, to be read when written. */
    static void repeatedMessage(ProtobufCursor c, int wireType, Spans into) throws LeftToReferencePath {
        ProtobufCursor.expect(wireType, ProtobufCursor.LENGTH_DELIMITED);
        int length = c.readLength();
        into.add(c.pos, length);
        c.pos += length;
    }
}
