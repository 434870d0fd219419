package io.flowpulse.sink.table;

import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import java.util.List;

/**
 * How one record type becomes one row of one ClickHouse table.
 *
 * <p>{@link #columns()} is the INSERT column list, in the order {@link #writeRow} encodes
 * them; the last column is always {@value #VERSION_COLUMN}, the ReplacingMergeTree version
 * that decides which of several deliveries of the same row survives a merge.
 */
public interface TableMapping<T> {

    String VERSION_COLUMN = "_version";

    /** Table name without the database. */
    String table();

    /** The record class this mapping accepts. */
    Class<T> recordType();

    /** Column that partitions the table by day and that retention looks at. */
    String timeColumn();

    List<String> columns();

    /**
     * Appends one row. Throws {@link InvalidRowException} when the record cannot be stored
     * (e.g. a time outside the DateTime range); the caller then drops the half-written row.
     */
    void writeRow(T record, long version, RowBinaryWriter out);
}
