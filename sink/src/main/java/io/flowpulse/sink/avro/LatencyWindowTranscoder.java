package io.flowpulse.sink.avro;

import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import org.apache.avro.Schema;

/** LatencyWindow body -> latency_windows row (see {@link io.flowpulse.sink.table.LatencyWindowTable}). */
public final class LatencyWindowTranscoder implements RowTranscoder {

    @Override
    public Schema schema() {
        return LatencyWindow.getClassSchema();
    }

    @Override
    public Class<?> recordType() {
        return LatencyWindow.class;
    }

    @Override
    public boolean transcode(AvroBinaryReader in, long version, RowBinaryWriter out) {
        for (int i = 0; i < 4; i++) {
            Transcoding.string(in, out); // level, kind, src, dst
        }
        if (!Transcoding.dateTimeFromMillis(in, out) || !Transcoding.dateTimeFromMillis(in, out)
                || !Transcoding.count(in, out)) {
            return false; // window_start, window_end, samples
        }
        for (int i = 0; i < 8; i++) {
            Transcoding.float64(in, out); // min .. jitter
        }
        out.bool(in.readBoolean()); // exact
        out.uint64(version);
        return true;
    }
}
