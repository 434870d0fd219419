package io.flowpulse.ingest.wire;

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
    abstract void field(WireCursor c, int number, int wireType) throws GiveUp;

    /**
     * Reads the length-delimited message at the cursor. A singular message given twice would be
     * merged by protobuf: left to the reference path.
     */
    final void read(WireCursor c) throws GiveUp {
        if (present) {
            throw GiveUp.INSTANCE;
        }
        present = true;
        int length = c.readLength();
        readBody(c, c.pos + length);
    }

    /** Reads fields from the cursor up to {@code end} (exclusive). */
    final void readBody(WireCursor c, int end) throws GiveUp {
        int outerEnd = c.end;
        c.end = end;
        while (c.hasMore()) {
            int tag = c.readTag();
            field(c, tag >>> 3, tag & 7);
        }
        c.end = outerEnd;
    }

    static long varint(WireCursor c, int wireType) throws GiveUp {
        WireCursor.expect(wireType, WireCursor.VARINT);
        return c.readVarint();
    }

    static void text(WireCursor c, int wireType, Text into) throws GiveUp {
        WireCursor.expect(wireType, WireCursor.LENGTH_DELIMITED);
        into.read(c);
    }

    static void repeatedText(WireCursor c, int wireType, Spans into) throws GiveUp {
        WireCursor.expect(wireType, WireCursor.LENGTH_DELIMITED);
        Text.readRepeated(c, into);
    }

    static void message(WireCursor c, int wireType, MessageView into) throws GiveUp {
        WireCursor.expect(wireType, WireCursor.LENGTH_DELIMITED);
        into.read(c);
    }

    /** Records one occurrence of a repeated message, to be read when written. */
    static void repeatedMessage(WireCursor c, int wireType, Spans into) throws GiveUp {
        WireCursor.expect(wireType, WireCursor.LENGTH_DELIMITED);
        int length = c.readLength();
        into.add(c.pos, length);
        c.pos += length;
    }
}
