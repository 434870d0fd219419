package io.flowpulse.sink.schema;

import java.util.List;

/**
 * Every schema change of the {@code flowpulse} database, oldest first. Append new
 * migrations at the end with the next version; never edit one that has shipped.
 *
 * <p>Window tables are ReplacingMergeTree keyed (ORDER BY) by the window's identity, so a
 * redelivered window replaces the earlier copy when parts merge; queries read the
 * deduplicated result with {@code FINAL} (see sink/README.md). Every table is partitioned by
 * day of its time column, which is also what retention drops.
 */
public final class Migrations {

    public static final String MIGRATIONS_TABLE = "schema_migrations";

    private static final String LINK_WINDOWS = """
            CREATE TABLE IF NOT EXISTS ${db}.link_windows (
                level ${lc_string},
                src String,
                dst String,
                window_start DateTime,
                window_end DateTime,
                forwarded UInt64,
                dropped UInt64,
                other UInt64,
                drop_rate Float64,
                drop_reasons Nested(name String, count UInt64),
                _version UInt64
            ) ENGINE = ReplacingMergeTree(_version)
            PARTITION BY toYYYYMMDD(window_start)
            ORDER BY (level, window_start, src, dst)""";

    private static final String DNS_WINDOWS = """
            CREATE TABLE IF NOT EXISTS ${db}.dns_windows (
                client String,
                window_start DateTime,
                window_end DateTime,
                queries UInt64,
                responses UInt64,
                rcodes Nested(name String, count UInt64),
                latency_ms_p50 Nullable(Float64),
                latency_ms_p95 Nullable(Float64),
                latency_ms_p99 Nullable(Float64),
                latency_ms_max Nullable(Float64),
                distinct_names UInt64,
                top_nxdomain Nested(name String, count UInt64),
                suspicious_names Array(String),
                _version UInt64
            ) ENGINE = ReplacingMergeTree(_version)
            PARTITION BY toYYYYMMDD(window_start)
            ORDER BY (window_start, client)""";

    private static final String LATENCY_WINDOWS = """
            CREATE TABLE IF NOT EXISTS ${db}.latency_windows (
                level ${lc_string},
                kind ${lc_string},
                src String,
                dst String,
                window_start DateTime,
                window_end DateTime,
                samples UInt64,
                min_ms Float64,
                p50_ms Float64,
                p90_ms Float64,
                p99_ms Float64,
                max_ms Float64,
                mean_ms Float64,
                stddev_ms Float64,
                jitter_ms Float64,
                exact UInt8,
                _version UInt64
            ) ENGINE = ReplacingMergeTree(_version)
            PARTITION BY toYYYYMMDD(window_start)
            ORDER BY (level, kind, window_start, src, dst)""";

    private static final String ALERTS = """
            CREATE TABLE IF NOT EXISTS ${db}.alerts (
                id String,
                kind ${lc_string},
                severity ${lc_string},
                subject String,
                state ${lc_string},
                window_start DateTime,
                window_end DateTime,
                value Float64,
                threshold Float64,
                message String,
                _version UInt64
            ) ENGINE = ReplacingMergeTree(_version)
            PARTITION BY toYYYYMMDD(window_start)
            ORDER BY (window_start, id, state)""";

    private static final String FLOWS = """
            CREATE TABLE IF NOT EXISTS ${db}.flows (
                time DateTime,
                time_us UInt64,
                flow_id String,
                node String,
                node_name String,
                cluster String,
                verdict ${lc_string},
                drop_reason Nullable(Int32),
                drop_reason_desc Nullable(String),
                flow_type ${lc_string},
                traffic_direction Nullable(String),
                is_reply Nullable(UInt8),
                trace_observation_point Nullable(String),
                ip_version Nullable(String),
                source_ip Nullable(String),
                destination_ip Nullable(String),
                protocol Nullable(String),
                source_port Nullable(Int32),
                destination_port Nullable(Int32),
                tcp_flags Array(String),
                source_identity UInt64,
                source_namespace Nullable(String),
                source_pod_name Nullable(String),
                source_workload Nullable(String),
                source_labels Array(String),
                destination_identity UInt64,
                destination_namespace Nullable(String),
                destination_pod_name Nullable(String),
                destination_workload Nullable(String),
                destination_labels Array(String),
                source_names Array(String),
                destination_names Array(String),
                destination_service_name Nullable(String),
                destination_service_namespace Nullable(String),
                l7_type Nullable(String),
                l7_latency_ns UInt64,
                dns_query Nullable(String),
                dns_rcode Nullable(Int32),
                dns_qtypes Array(String),
                dns_ips Array(String),
                http_code Nullable(Int32),
                http_method Nullable(String),
                http_url Nullable(String),
                summary Nullable(String),
                _version UInt64
            ) ENGINE = ReplacingMergeTree(_version)
            PARTITION BY toYYYYMMDD(time)
            ORDER BY (node, time, flow_id)""";

    private static final String LOST_EVENTS = """
            CREATE TABLE IF NOT EXISTS ${db}.lost_events (
                time DateTime,
                time_us UInt64,
                node String,
                node_name String,
                source String,
                num_events_lost UInt64,
                cpu Nullable(Int32),
                first_us Nullable(UInt64),
                last_us Nullable(UInt64),
                _version UInt64
            ) ENGINE = ReplacingMergeTree(_version)
            PARTITION BY toYYYYMMDD(time)
            ORDER BY (node, time, time_us, source)""";

    public static final List<Migration> ALL = List.of(
            new Migration(1, "window tables: link_windows, dns_windows, latency_windows, alerts",
                    List.of(LINK_WINDOWS, DNS_WINDOWS, LATENCY_WINDOWS, ALERTS)),
            new Migration(2, "raw flow tables: flows, lost_events", List.of(FLOWS, LOST_EVENTS)));

    private Migrations() {
    }

    /** The bookkeeping table; created before any migration runs. */
    public static String createMigrationsTable(String database) {
        return "CREATE TABLE IF NOT EXISTS " + database + "." + MIGRATIONS_TABLE + " ("
                + "version UInt32, description String, checksum String, applied_at DateTime, server_version String"
                + ") ENGINE = MergeTree ORDER BY version";
    }

    /** Tables the sink writes, with the column retention looks at. */
    public static List<RetainedTable> retainedTables() {
        return List.of(new RetainedTable("link_windows", "window_start"), new RetainedTable("dns_windows", "window_start"),
                new RetainedTable("latency_windows", "window_start"), new RetainedTable("alerts", "window_start"),
                new RetainedTable("flows", "time"), new RetainedTable("lost_events", "time"));
    }

    /** A table partitioned by {@code toYYYYMMDD(timeColumn)}. */
    public record RetainedTable(String table, String timeColumn) {
    }
}
