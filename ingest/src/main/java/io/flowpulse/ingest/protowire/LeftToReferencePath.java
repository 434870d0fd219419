package io.flowpulse.ingest.protowire;

/**
 * Thrown by a fast path to hand its input to the reference path, which then also words any error.
 * The protobuf readers here throw it for anything they do not read exactly as protobuf would
 * (malformed bytes, a known field with an unexpected wire type, a singular message given twice,
 * which protobuf would merge, two members of one oneof, text that is not UTF-8), and the capture
 * reader's JSON-to-protobuf transcoder for JSON that {@code HubbleJson} might read differently.
 * Carries no stack trace, so giving up is cheap.
 */
public final class LeftToReferencePath extends Exception {
    private static final long serialVersionUID = 1L;
    public static final LeftToReferencePath INSTANCE = new LeftToReferencePath();

    private LeftToReferencePath() {
        super("left to the reference path", null, false, false);
    }
}
