package io.flowpulse.sink.avro;

import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import org.apache.avro.Schema;

/** DnsWindow body -> dns_windows row (see {@link io.flowpulse.sink.table.DnsWindowTable}). */
public final class DnsWindowTranscoder implements RowTranscoder {

    @Override
    public Schema schema() {
        return DnsWindow.getClassSchema();
    }

    @Override
    public Class<?> recordType() {
        return DnsWindow.class;
    }

    @Override
    public boolean transcode(AvroBinaryReader in, long version, RowBinaryWriter out) {
        Transcoding.string(in, out); // client
        if (!Transcoding.dateTimeFromMillis(in, out) || !Transcoding.dateTimeFromMillis(in, out)
                || !Transcoding.count(in, out) || !Transcoding.count(in, out)) {
            return false; // window_start, window_end, queries, responses
        }
        if (!Transcoding.countMap(in, out)) {
            return false; // rcodes
        }
        int latencyBranch = in.readInt();
        if (latencyBranch == 0) {
            out.nullValue().nullValue().nullValue().nullValue();
        } else if (latencyBranch == 1) {
            for (int i = 0; i < 4; i++) {
                out.notNull();
                Transcoding.float64(in, out); // p50, p95, p99, max
            }
        } else {
            throw new AvroBinaryReader.MalformedAvroException("latency_ms union branch " + latencyBranch);
        }
        if (!Transcoding.count(in, out)) {
            return false; // distinct_names
        }
        // top_nxdomain: records (name, count) -> two parallel arrays; names kept as byte ranges
        int n = 0;
        int[] nameAt = new int[8];
        int[] nameLen = new int[8];
        long[] counts = new long[8];
        for (long block = in.readBlockCount(); block != 0; block = in.readBlockCount()) {
            for (long i = 0; i < block; i++) {
                if (n == counts.length) {
                    nameAt = java.util.Arrays.copyOf(nameAt, n * 2);
                    nameLen = java.util.Arrays.copyOf(nameLen, n * 2);
                    counts = java.util.Arrays.copyOf(counts, n * 2);
                }
                in.readStringRange();
                nameAt[n] = in.stringOffset();
                nameLen[n] = in.stringLength();
                counts[n] = in.readLong();
                if (counts[n] < 0) {
                    return false;
                }
                n++;
            }
        }
        out.arrayLength(n);
        for (int i = 0; i < n; i++) {
            out.utf8(in.buffer(), nameAt[i], nameLen[i]);
        }
        out.uint64Array(counts, n);
        // suspicious_names: array<string>
        int m = 0;
        int[] at = new int[4];
        int[] len = new int[4];
        for (long block = in.readBlockCount(); block != 0; block = in.readBlockCount()) {
            for (long i = 0; i < block; i++) {
                if (m == at.length) {
                    at = java.util.Arrays.copyOf(at, m * 2);
                    len = java.util.Arrays.copyOf(len, m * 2);
                }
                in.readStringRange();
                at[m] = in.stringOffset();
                len[m] = in.stringLength();
                m++;
            }
        }
        out.arrayLength(m);
        for (int i = 0; i < m; i++) {
            out.utf8(in.buffer(), at[i], len[i]);
        }
        out.uint64(version);
        return true;
    }
}
