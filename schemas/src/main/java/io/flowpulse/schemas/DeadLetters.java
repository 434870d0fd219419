package io.flowpulse.schemas;

/**
 * Header names of records on the dead-letter topic. The record value is the original
 * bytes (or the original text line of a capture file); the headers say why and where from.
 */
public final class DeadLetters {
    /** Human-readable reason, e.g. "invalid JSON at column 17: ...". */
    public static final String REASON = "flowpulse.error.reason";
    /** Class name of the exception, when there was one. */
    public static final String EXCEPTION = "flowpulse.error.exception";
    /** Stage that gave up on the record: ingest, streams, sink. */
    public static final String STAGE = "flowpulse.error.stage";
    /** Origin in Kafka: topic, partition and offset of the input record. */
    public static final String ORIGIN_TOPIC = "flowpulse.origin.topic";
    public static final String ORIGIN_PARTITION = "flowpulse.origin.partition";
    public static final String ORIGIN_OFFSET = "flowpulse.origin.offset";
    /** Origin in a capture file: path and 1-based line number. */
    public static final String ORIGIN_FILE = "flowpulse.origin.file";
    public static final String ORIGIN_LINE = "flowpulse.origin.line";

    private DeadLetters() {
    }
}
