package io.flowpulse.sink;

/** What {@link RecordDecoder} made of one Kafka record. */
sealed interface DecodedRecord {

    /** Straight from the Avro bytes to a row. */
    Row TRANSCODED = new Row(true);
    /** Decoded into the generated class, then mapped to a row. */
    Row MAPPED = new Row(false);
    Skipped SAMPLED_OUT = new Skipped("sampled_out");
    Skipped RAW_FLOWS_OFF = new Skipped("raw_flows_off");
    /** The end-of-replay marker (no value) on the flows topic: it closes windows in streams and has no row. */
    Skipped END_MARKER = new Skipped("end_marker");

    /** A row was appended to the batch of its table. */
    record Row(boolean transcoded) implements DecodedRecord {
    }

    /** Deliberately not stored; {@code reason} tags the skipped-records metric. */
    record Skipped(String reason) implements DecodedRecord {
    }

    /**
     * Can never be stored: goes to the dead-letter topic. {@code tag} is the metric's short
     * reason, {@code reason} the sentence for the header, {@code error} what was thrown.
     */
    record DeadLetter(String tag, String reason, Throwable error) implements DecodedRecord {
    }
}
