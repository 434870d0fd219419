package io.flowpulse.sink.table;

import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code flowpulse.dns.v1} -> {@code dns_windows}; identity (client, window_start).
 * {@code latency_ms} flattens to four Nullable columns {@code latency_ms_p50 .. latency_ms_max}
 * (NULL when the window had no response latency); {@code top_nxdomain} is a Nested column
 * kept in the record's order (most first).
 */
public final class DnsWindowTable extends BaseTableMapping<DnsWindow> {

    public static final String TABLE = "dns_windows";

    private static final List<String> COLUMNS = List.of("client", "window_start", "window_end", "queries",
            "responses", "rcodes.name", "rcodes.count", "latency_ms_p50", "latency_ms_p95", "latency_ms_p99",
            "latency_ms_max", "distinct_names", "top_nxdomain.name", "top_nxdomain.count", "suspicious_names",
            VERSION_COLUMN);

    public DnsWindowTable() {
        super(TABLE, DnsWindow.class, "window_start", COLUMNS);
    }

    @Override
    public void writeRow(DnsWindow r, long version, RowBinaryWriter out) {
        out.string(r.getClient());
        Columns.dateTime("window_start", r.getWindowStart(), out);
        Columns.dateTime("window_end", r.getWindowEnd(), out);
        Columns.count("queries", r.getQueries(), out);
        Columns.count("responses", r.getResponses(), out);
        Columns.nestedCounts("rcodes", r.getRcodes(), out);
        DnsLatency latency = r.getLatencyMs();
        if (latency == null) {
            out.nullValue().nullValue().nullValue().nullValue();
        } else {
            out.nullableFloat64(latency.getP50()).nullableFloat64(latency.getP95())
                    .nullableFloat64(latency.getP99()).nullableFloat64(latency.getMax());
        }
        Columns.count("distinct_names", r.getDistinctNames(), out);
        List<NameCount> top = r.getTopNxdomain();
        List<String> names = new ArrayList<>(top.size());
        long[] counts = new long[top.size()];
        for (int i = 0; i < counts.length; i++) {
            names.add(top.get(i).getName());
            counts[i] = top.get(i).getCount();
            if (counts[i] < 0) {
                throw new InvalidRowException("top_nxdomain count of " + names.get(i) + " is negative: " + counts[i]);
            }
        }
        out.stringArray(names);
        out.uint64Array(counts, counts.length);
        out.stringArray(r.getSuspiciousNames());
        out.uint64(version);
    }
}
