package io.flowpulse.ingest.wire;

/**
 * Hands an event to the reference path (protobuf parse + FlowMapper + Avro serde), which then
 * also words any error. Thrown for anything the wire reader does not handle exactly as the
 * reference path would: malformed bytes, a known field with an unexpected wire type, a
 * singular message given twice (protobuf would merge the two), two members of one oneof, text
 * that is not UTF-8. Carries no stack trace, so giving up is cheap.
 */
final class GiveUp extends Exception {
    private static final long serialVersionUID = 1L;
    static final GiveUp INSTANCE = new GiveUp();

    private GiveUp() {
        super("event left to the reference path", null, false, false);
    }
}
