package io.flowpulse.sink.table;

import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import java.time.Instant;
import java.util.List;

/** LostEvents records of {@code hubble.flows.v1} -> {@code lost_events}; identity (node, time_us, source). */
public final class LostEventsTable extends BaseTableMapping<LostEvents> {

    public static final String TABLE = "lost_events";

    private static final List<String> COLUMNS = List.of("time", "time_us", "node", "node_name", "source",
            "num_events_lost", "cpu", "first_us", "last_us", VERSION_COLUMN);

    public LostEventsTable() {
        super(TABLE, LostEvents.class, "time", COLUMNS);
    }

    @Override
    public void writeRow(LostEvents r, long version, RowBinaryWriter out) {
        Columns.dateTime("time", r.getTime(), out);
        out.uint64(EpochMicros.of(r.getTime()));
        out.string(r.getNode()).string(r.getNodeName()).string(r.getSource());
        Columns.count("num_events_lost", r.getNumEventsLost(), out);
        out.nullableInt32(r.getCpu());
        out.nullableUInt64(micros(r.getFirst())).nullableUInt64(micros(r.getLast()));
        out.uint64(version);
    }

    private static Long micros(Instant t) {
        return t == null ? null : EpochMicros.of(t);
    }
}
