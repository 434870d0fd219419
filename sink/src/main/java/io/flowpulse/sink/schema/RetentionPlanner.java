package io.flowpulse.sink.schema;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Which day partitions ({@code toYYYYMMDD} ids such as "20261125") are past retention.
 *
 * <p>A partition of day D holds rows up to the end of D, so it goes only once every row in
 * it is older than the retention: when {@code D + retentionDays + 1 <= today} (UTC). The
 * same rule as a TTL of {@code time + INTERVAL retentionDays DAY}, applied a whole day at a
 * time. Retention 0 keeps everything.
 */
public final class RetentionPlanner {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private RetentionPlanner() {
    }

    public static List<String> partitionsToDrop(Collection<String> partitionIds, LocalDate today, int retentionDays) {
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retention days cannot be negative: " + retentionDays);
        }
        List<String> drop = new ArrayList<>();
        if (retentionDays == 0) {
            return drop;
        }
        for (String id : new TreeSet<>(partitionIds)) {
            LocalDate day = parse(id);
            if (!day.plusDays(retentionDays + 1L).isAfter(today)) {
                drop.add(id);
            }
        }
        return drop;
    }

    /** The TTL clause a modern server enforces for the same retention. */
    public static String ttlExpression(String timeColumn, int retentionDays) {
        return timeColumn + " + INTERVAL " + retentionDays + " DAY";
    }

    private static LocalDate parse(String id) {
        try {
            return LocalDate.parse(id.trim(), DAY);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("partition id '" + id + "' is not a day (YYYYMMDD)", e);
        }
    }
}
