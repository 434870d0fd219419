package io.flowpulse.sink.table;

import java.util.List;

/** The parts of a {@link TableMapping} that are plain facts: table, record type, time and columns. */
abstract class BaseTableMapping<T> implements TableMapping<T> {

    private final String table;
    private final Class<T> recordType;
    private final String timeColumn;
    private final List<String> columns;

    BaseTableMapping(String table, Class<T> recordType, String timeColumn, List<String> columns) {
        this.table = table;
        this.recordType = recordType;
        this.timeColumn = timeColumn;
        this.columns = List.copyOf(columns);
    }

    @Override
    public final String table() {
        return table;
    }

    @Override
    public final Class<T> recordType() {
        return recordType;
    }

    @Override
    public final String timeColumn() {
        return timeColumn;
    }

    @Override
    public final List<String> columns() {
        return columns;
    }
}
