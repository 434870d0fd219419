package io.flowpulse.sink.clickhouse;

import io.flowpulse.sink.schema.Migration;
import io.flowpulse.sink.schema.Migrations;
import io.flowpulse.sink.schema.ServerVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database up to the newest migration and records each one in
 * {@code <db>.schema_migrations}. Every statement is {@code IF NOT EXISTS}, so two sinks
 * starting at once end in the same schema.
 */
public final class SchemaMigrator {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ClickHouseClient client;
    private final String database;
    private final List<Migration> migrations;

    public SchemaMigrator(ClickHouseClient client, String database, List<Migration> migrations) {
        this.client = client;
        this.database = requireIdentifier(database);
        this.migrations = List.copyOf(migrations);
    }

    public SchemaMigrator(ClickHouseClient client, String database) {
        this(client, database, Migrations.ALL);
    }

    /** Result of a run: the server seen and the versions applied now. */
    public record Result(ServerVersion server, List<Integer> applied, int current) {
    }

    public Result migrate() throws ClickHouseException {
        ServerVersion server = ServerVersion.parse(client.version());
        client.query("CREATE DATABASE IF NOT EXISTS " + database);
        client.query(Migrations.createMigrationsTable(database));
        Map<Integer, String> done = appliedChecksums();
        List<Integer> appliedNow = new ArrayList<>();
        int current = 0;
        for (Migration m : migrations) {
            String recorded = done.get(m.version());
            if (recorded != null) {
                if (!recorded.equals(m.checksum())) {
                    throw new IllegalStateException("migration " + m.version() + " (" + m.description()
                            + ") was changed after it was applied to " + database + ": recorded checksum " + recorded
                            + ", now " + m.checksum() + "; add a new migration instead of editing an applied one");
                }
                current = m.version();
                continue;
            }
            for (String statement : m.render(database, server)) {
                client.query(statement);
            }
            client.query("INSERT INTO " + database + "." + Migrations.MIGRATIONS_TABLE
                    + " (version, description, checksum, applied_at, server_version) VALUES ("
                    + m.version() + ", " + quote(m.description()) + ", " + quote(m.checksum()) + ", "
                    + Instant.now().getEpochSecond() + ", " + quote(server.text()) + ")");
            log.atInfo().addKeyValue("database", database).addKeyValue("version", m.version())
                    .addKeyValue("server", server.text()).log("applied migration {}: {}", m.version(), m.description());
            appliedNow.add(m.version());
            current = m.version();
        }
        return new Result(server, appliedNow, current);
    }

    /** Version -> checksum of the migrations recorded as applied. */
    public Map<Integer, String> appliedChecksums() throws ClickHouseException {
        Map<Integer, String> out = new TreeMap<>();
        for (String[] row : client.queryTsv("SELECT DISTINCT version, checksum FROM " + database + "."
                + Migrations.MIGRATIONS_TABLE + " ORDER BY version")) {
            out.put(Integer.parseInt(row[0]), row[1]);
        }
        return out;
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    public static String requireIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a plain ClickHouse identifier "
                    + "(letters, digits, underscore)");
        }
        return name;
    }
}
