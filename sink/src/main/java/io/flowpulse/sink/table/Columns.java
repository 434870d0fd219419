package io.flowpulse.sink.table;

import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Encoding helpers shared by the table mappings. */
final class Columns {

    private Columns() {
    }

    /**
     * A map of counts as the two parallel arrays of a {@code Nested(name String, count UInt64)}
     * column, names sorted so the same map always gives the same bytes.
     */
    static void nestedCounts(String field, Map<String, Long> counts, RowBinaryWriter out) {
        List<String> names = new ArrayList<>(counts.keySet());
        names.sort(null);
        long[] values = new long[names.size()];
        for (int i = 0; i < values.length; i++) {
            Long v = counts.get(names.get(i));
            if (v == null || v < 0) {
                throw new InvalidRowException(field + "['" + names.get(i) + "'] is " + v + ", expected a count >= 0");
            }
            values[i] = v;
        }
        out.stringArray(names);
        out.uint64Array(values, values.length);
    }

    static void count(String field, long value, RowBinaryWriter out) {
        if (value < 0) {
            throw new InvalidRowException(field + " is " + value + ", expected a count >= 0");
        }
        out.uint64(value);
    }

    static void dateTime(String field, Instant t, RowBinaryWriter out) {
        if (t == null) {
            throw new InvalidRowException(field + " is missing");
        }
        long s = t.getEpochSecond();
        if (s < 0 || s > RowBinaryWriter.MAX_DATETIME_SECONDS) {
            throw new InvalidRowException(field + " = " + t + " is outside the range of a ClickHouse DateTime");
        }
        out.dateTime(t);
    }

}
