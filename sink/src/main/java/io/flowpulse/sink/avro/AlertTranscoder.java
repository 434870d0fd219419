package io.flowpulse.sink.avro;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import org.apache.avro.Schema;

/** Alert body -> alerts row (see {@link io.flowpulse.sink.table.AlertTable}). */
public final class AlertTranscoder implements RowTranscoder {

    @Override
    public Schema schema() {
        return Alert.getClassSchema();
    }

    @Override
    public Class<?> recordType() {
        return Alert.class;
    }

    @Override
    public boolean transcode(AvroBinaryReader in, long version, RowBinaryWriter out) {
        for (int i = 0; i < 5; i++) {
            Transcoding.string(in, out); // id, kind, severity, subject, state
        }
        if (!Transcoding.dateTimeFromMillis(in, out) || !Transcoding.dateTimeFromMillis(in, out)) {
            return false;
        }
        Transcoding.float64(in, out); // value
        Transcoding.float64(in, out); // threshold
        Transcoding.string(in, out); // message
        out.uint64(version);
        return true;
    }
}
