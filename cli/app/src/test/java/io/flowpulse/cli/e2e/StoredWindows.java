package io.flowpulse.cli.e2e;

import io.flowpulse.localstack.ClickHouseServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run left in ClickHouse, read with FINAL as the sink's documentation tells users to read it:
 * every row of the window and alert tables (all columns but the version the sink stamps on each
 * insert), sorted, and the row counts of the raw tables.
 *
 * @param windows    per table, its rows as tab-separated text, sorted
 * @param finalRows  per table, rows read with FINAL (what a user sees)
 * @param storedRows per table, rows actually stored (re-inserts after a restart are collapsed by FINAL)
 * @param eventsLost the sum of num_events_lost over lost_events
 */
record StoredWindows(Map<String, List<String>> windows, Map<String, Long> finalRows, Map<String, Long> storedRows,
                     long eventsLost) {

    static final List<String> WINDOW_TABLES = List.of("link_windows", "dns_windows", "latency_windows", "alerts");
    static final List<String> ALL_TABLES = List.of("link_windows", "dns_windows", "latency_windows", "alerts",
            "flows", "lost_events");

    static StoredWindows read(ClickHouseServer clickHouse, String database) {
        Map<String, List<String>> windows = new LinkedHashMap<>();
        for (String table : WINDOW_TABLES) {
            String columns = String.join(", ", clickHouse.query("SELECT name FROM system.columns WHERE database = '"
                    + database + "' AND table = '" + table + "' AND name != '_version' FORMAT TabSeparated")
                    .lines().toList());
            windows.put(table, clickHouse.query("SELECT " + columns + " FROM " + database + "." + table
                    + " FINAL FORMAT TabSeparated").lines().sorted().toList());
        }
        Map<String, Long> finalRows = new LinkedHashMap<>();
        Map<String, Long> storedRows = new LinkedHashMap<>();
        for (String table : ALL_TABLES) {
            finalRows.put(table, count(clickHouse, "SELECT count() FROM " + database + "." + table + " FINAL"));
            storedRows.put(table, count(clickHouse, "SELECT count() FROM " + database + "." + table));
        }
        long lost = count(clickHouse, "SELECT sum(num_events_lost) FROM " + database + ".lost_events FINAL");
        return new StoredWindows(windows, finalRows, storedRows, lost);
    }

    private static long count(ClickHouseServer clickHouse, String sql) {
        return Long.parseLong(clickHouse.query(sql + " FORMAT TabSeparated").trim());
    }

    /** Window and alert rows of this run that the other run does not have, then those it lacks, per table. */
    String differencesFrom(StoredWindows expected) {
        StringBuilder text = new StringBuilder();
        for (String table : WINDOW_TABLES) {
            List<String> mine = windows.get(table);
            List<String> theirs = expected.windows.get(table);
            List<String> extra = mine.stream().filter(row -> !theirs.contains(row)).limit(5).toList();
            List<String> missing = theirs.stream().filter(row -> !mine.contains(row)).limit(5).toList();
            if (!extra.isEmpty() || !missing.isEmpty() || mine.size() != theirs.size()) {
                text.append(table).append(": ").append(mine.size()).append(" rows, expected ").append(theirs.size())
                        .append("\n  unexpected: ").append(extra).append("\n  missing: ").append(missing).append('\n');
            }
        }
        return text.toString();
    }

    int windowRows() {
        return windows.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public String toString() {
        return String.format("%d link, %d dns, %d latency windows, %d alert changes; %d flows, %d lost-events rows "
                        + "(%d events lost); rows stored before FINAL %s",
                windows.get("link_windows").size(), windows.get("dns_windows").size(),
                windows.get("latency_windows").size(), windows.get("alerts").size(), finalRows.get("flows"),
                finalRows.get("lost_events"), eventsLost, storedRows);
    }
}
