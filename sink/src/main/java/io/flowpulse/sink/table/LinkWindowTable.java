package io.flowpulse.sink.table;

import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import java.util.List;

/** {@code flowpulse.links.v1} -> {@code link_windows}; identity (level, src, dst, window_start). */
public final class LinkWindowTable extends BaseTableMapping<LinkWindow> {

    public static final String TABLE = "link_windows";

    private static final List<String> COLUMNS = List.of("level", "src", "dst", "window_start", "window_end",
            "forwarded", "dropped", "other", "drop_rate", "drop_reasons.name", "drop_reasons.count", VERSION_COLUMN);

    public LinkWindowTable() {
        super(TABLE, LinkWindow.class, "window_start", COLUMNS);
    }

    @Override
    public void writeRow(LinkWindow r, long version, RowBinaryWriter out) {
        out.string(r.getLevel()).string(r.getSrc()).string(r.getDst());
        Columns.dateTime("window_start", r.getWindowStart(), out);
        Columns.dateTime("window_end", r.getWindowEnd(), out);
        Columns.count("forwarded", r.getForwarded(), out);
        Columns.count("dropped", r.getDropped(), out);
        Columns.count("other", r.getOther(), out);
        out.float64(r.getDropRate());
        Columns.nestedCounts("drop_reasons", r.getDropReasons(), out);
        out.uint64(version);
    }
}
