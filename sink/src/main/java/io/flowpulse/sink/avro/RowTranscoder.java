package io.flowpulse.sink.avro;

import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import org.apache.avro.Schema;

/**
 * Turns the Avro binary body of one record straight into the RowBinary row its table
 * mapping would write, without building the record object. Used only when the writer
 * schema is exactly {@link #schema()}; the result is byte for byte what the mapping writes
 * for the decoded record (checked by tests).
 */
public interface RowTranscoder {

    /** The generated class's schema: the writer schema this transcoder reads. */
    Schema schema();

    /** The record class whose table receives the row. */
    Class<?> recordType();

    /**
     * Appends one row. Returns false, leaving partial bytes the caller drops, when the value
     * must take the object path instead (e.g. a negative count: the mapping then says why).
     */
    boolean transcode(AvroBinaryReader in, long version, RowBinaryWriter out);
}
