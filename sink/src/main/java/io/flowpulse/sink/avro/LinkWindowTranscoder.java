package io.flowpulse.sink.avro;

import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import org.apache.avro.Schema;

/** LinkWindow body -> link_windows row (see {@link io.flowpulse.sink.table.LinkWindowTable}). */
public final class LinkWindowTranscoder implements RowTranscoder {

    @Override
    public Schema schema() {
        return LinkWindow.getClassSchema();
    }

    @Override
    public Class<?> recordType() {
        return LinkWindow.class;
    }

    @Override
    public boolean transcode(AvroBinaryReader in, long version, RowBinaryWriter out) {
        Transcoding.string(in, out); // level
        Transcoding.string(in, out); // src
        Transcoding.string(in, out); // dst
        if (!Transcoding.dateTimeFromMillis(in, out) || !Transcoding.dateTimeFromMillis(in, out)) {
            return false;
        }
        if (!Transcoding.count(in, out) || !Transcoding.count(in, out) || !Transcoding.count(in, out)) {
            return false; // forwarded, dropped, other
        }
        Transcoding.float64(in, out); // drop_rate
        if (!Transcoding.countMap(in, out)) {
            return false; // drop_reasons
        }
        out.uint64(version);
        return true;
    }
}
