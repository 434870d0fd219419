package io.flowpulse.sink.clickhouse;

import io.flowpulse.sink.schema.Migrations;
import io.flowpulse.sink.schema.Migrations.RetainedTable;
import io.flowpulse.sink.schema.RetentionPlanner;
import io.flowpulse.sink.schema.ServerVersion;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the tables within the configured retention. Servers with TTL (19.6+) get a table
 * TTL and enforce it themselves; older servers (Debian's 18.16) have whole day partitions
 * dropped by {@link #dropExpiredPartitions()}, which the sink runs periodically.
 */
public final class RetentionTask {

    private static final Logger log = LoggerFactory.getLogger(RetentionTask.class);

    private final ClickHouseClient client;
    private final String database;
    private final int retentionDays;
    private final Clock clock;
    private final List<RetainedTable> tables;

    public RetentionTask(ClickHouseClient client, String database, int retentionDays, Clock clock) {
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retention days cannot be negative: " + retentionDays);
        }
        this.client = client;
        this.database = SchemaMigrator.requireIdentifier(database);
        this.retentionDays = retentionDays;
        this.clock = clock;
        this.tables = Migrations.retainedTables();
    }

    /** Sets the table TTLs on servers that have TTL; returns whether it did. */
    public boolean applyTtl(ServerVersion server) throws ClickHouseException {
        if (retentionDays == 0 || !server.supportsTtl()) {
            return false;
        }
        for (RetainedTable t : tables) {
            client.query("ALTER TABLE " + database + "." + t.table() + " MODIFY TTL "
                    + RetentionPlanner.ttlExpression(t.timeColumn(), retentionDays));
        }
        log.atInfo().addKeyValue("retention_days", retentionDays).log("table TTL set to {} days", retentionDays);
        return true;
    }

    /** Drops the day partitions past retention; returns "table:partition" of each one dropped. */
    public List<String> dropExpiredPartitions() throws ClickHouseException {
        List<String> dropped = new ArrayList<>();
        if (retentionDays == 0) {
            return dropped;
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        for (RetainedTable t : tables) {
            List<String> ids = new ArrayList<>();
            for (String[] row : client.queryTsv("SELECT DISTINCT partition_id FROM system.parts WHERE active AND database = "
                    + SchemaMigrator.quote(database) + " AND table = " + SchemaMigrator.quote(t.table()))) {
                ids.add(row[0]);
            }
            for (String id : RetentionPlanner.partitionsToDrop(ids, today, retentionDays)) {
                client.query("ALTER TABLE " + database + "." + t.table() + " DROP PARTITION " + id);
                dropped.add(t.table() + ":" + id);
                log.atInfo().addKeyValue("table", t.table()).addKeyValue("partition", id)
                        .log("dropped partition {} of {} (older than {} days)", id, t.table(), retentionDays);
            }
        }
        return dropped;
    }
}
