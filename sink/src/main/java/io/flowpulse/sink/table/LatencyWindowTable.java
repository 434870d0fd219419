package io.flowpulse.sink.table;

import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import java.util.List;

/** {@code flowpulse.latency.v1} -> {@code latency_windows}; identity (level, kind, src, dst, window_start). */
public final class LatencyWindowTable extends BaseTableMapping<LatencyWindow> {

    public static final String TABLE = "latency_windows";

    private static final List<String> COLUMNS = List.of("level", "kind", "src", "dst", "window_start", "window_end",
            "samples", "min_ms", "p50_ms", "p90_ms", "p99_ms", "max_ms", "mean_ms", "stddev_ms", "jitter_ms", "exact",
            VERSION_COLUMN);

    public LatencyWindowTable() {
        super(TABLE, LatencyWindow.class, "window_start", COLUMNS);
    }

    @Override
    public void writeRow(LatencyWindow r, long version, RowBinaryWriter out) {
        out.string(r.getLevel()).string(r.getKind()).string(r.getSrc()).string(r.getDst());
        Columns.dateTime("window_start", r.getWindowStart(), out);
        Columns.dateTime("window_end", r.getWindowEnd(), out);
        Columns.count("samples", r.getSamples(), out);
        out.float64(r.getMinMs()).float64(r.getP50Ms()).float64(r.getP90Ms()).float64(r.getP99Ms())
                .float64(r.getMaxMs()).float64(r.getMeanMs()).float64(r.getStddevMs()).float64(r.getJitterMs());
        out.bool(r.getExact());
        out.uint64(version);
    }
}
