package io.flowpulse.sink.table;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import java.util.List;

/** {@code flowpulse.alerts.v1} -> {@code alerts}; identity (id, state, window_start). */
public final class AlertTable extends BaseTableMapping<Alert> {

    public static final String TABLE = "alerts";

    private static final List<String> COLUMNS = List.of("id", "kind", "severity", "subject", "state",
            "window_start", "window_end", "value", "threshold", "message", VERSION_COLUMN);

    public AlertTable() {
        super(TABLE, Alert.class, "window_start", COLUMNS);
    }

    @Override
    public void writeRow(Alert r, long version, RowBinaryWriter out) {
        out.string(r.getId()).string(r.getKind()).string(r.getSeverity()).string(r.getSubject()).string(r.getState());
        Columns.dateTime("window_start", r.getWindowStart(), out);
        Columns.dateTime("window_end", r.getWindowEnd(), out);
        out.float64(r.getValue()).float64(r.getThreshold());
        out.string(r.getMessage());
        out.uint64(version);
    }
}
