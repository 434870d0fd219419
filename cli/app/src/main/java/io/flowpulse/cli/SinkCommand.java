package io.flowpulse.cli;

import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.Durations;
import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.service.ExitCodes;
import io.flowpulse.runtime.service.ServiceRunner;
import io.flowpulse.sink.SinkClients;
import io.flowpulse.sink.SinkService;
import io.flowpulse.sink.SinkSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowpulse sink}: the analytics topics (and optionally raw flows) into ClickHouse. */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = {
            "Write the analytics topics (links, dns, latency, alerts) to ClickHouse until stopped.",
            "Batched RowBinary inserts; raw flows too with --raw-flows.",
            "",
            "Schema migrations are applied at start (recorded in schema_migrations).",
            "Kafka offsets are committed only after ClickHouse confirmed the rows; while",
            "ClickHouse is down the sink pauses and retries. Records that can never be",
            "stored go to flowpulse.dlq.v1 with the reason in headers. Read the window",
            "tables with FINAL to see each window once (sink/README.md)."},
        footer = {"",
            "Every option can also be set in the --config file or as a FLOWPULSE_*",
            "environment variable: clickhouse.url = FLOWPULSE_CLICKHOUSE_URL,",
            "sink.batch.rows = FLOWPULSE_SINK_BATCH_ROWS, and so on.",
            "Exit codes: 0 stopped, 1 failure, 2 usage, 3 ClickHouse unavailable at start."})
public final class SinkCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Option(names = "--clickhouse-url", paramLabel = "URL",
            description = "ClickHouse HTTP interface (clickhouse.url, default http://127.0.0.1:8123).")
    String clickHouseUrl;

    @Option(names = "--clickhouse-user", paramLabel = "USER", description = "ClickHouse user (clickhouse.user, default 'default').")
    String clickHouseUser;

    @Option(names = "--clickhouse-password", paramLabel = "PASSWORD",
            description = "ClickHouse password (clickhouse.password); prefer a file (clickhouse.password.file, e.g. a mounted Kubernetes Secret) or FLOWPULSE_CLICKHOUSE_PASSWORD: a password on the command line shows in the process list.")
    String clickHousePassword;

    @Option(names = "--database", paramLabel = "NAME", description = "ClickHouse database (clickhouse.database, default flowpulse).")
    String database;

    @Option(names = "--batch-rows", paramLabel = "N",
            description = "Rows per insert (sink.batch.rows, default 50000; 10k-100k is the sweet spot).")
    Integer batchRows;

    @Option(names = "--linger", paramLabel = "DURATION",
            description = "Longest a row waits for its batch to fill (sink.linger, default 1s).")
    String linger;

    @Option(names = "--retention-days", paramLabel = "DAYS",
            description = "Keep this many days; 0 keeps everything (sink.retention.days, default 30). TTL on servers "
                    + "that have it, daily partition drops on older ones.")
    Integer retentionDays;

    @Option(names = "--raw-flows", negatable = true,
            description = "Also store raw flows of hubble.flows.v1 in the flows table, lost-events records in "
                    + "lost_events (sink.raw.flows, default off).")
    Boolean rawFlows;

    @Option(names = "--raw-flows-sample-ratio", paramLabel = "RATIO",
            description = "Share of raw flows kept, 0..1, the same flows on every delivery (sink.raw.flows.sample.ratio, default 1).")
    Double sampleRatio;

    @Option(names = "--group-id", paramLabel = "ID", description = "Kafka consumer group (sink.group.id, default flowpulse-sink).")
    String groupId;

    @Option(names = "--startup-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long to wait for ClickHouse at start before giving up (default ${DEFAULT-VALUE}).")
    String startupTimeout;

    @Override
    public Integer call() {
        Config config = service.load(SinkSettings.DEFAULTS, overrides());
        SinkSettings settings = SinkSettings.from(config);
        SinkService sink = new SinkService(settings, SinkClients.create(settings), Metrics.newRegistry("sink"),
                startupTimeout());
        return new ServiceRunner("flowpulse sink")
                .add(sink, settings.httpHost(), settings.httpPort(), url -> System.err.printf(
                        "flowpulse sink: %s -> %s database %s (metrics on %s/metrics)%n",
                        String.join(", ", settings.inputTopics()), settings.clickHouseUrl(), settings.database(), url))
                .whenDone(code -> {
                    if (code == ExitCodes.OK || code == ExitCodes.INTERRUPTED) {
                        System.err.printf("flowpulse sink: stopped after %d records%n", sink.sink().recordsHandled());
                    }
                })
                .run();
    }

    private Duration startupTimeout() {
        try {
            return Durations.parse(startupTimeout);
        } catch (IllegalArgumentException e) {
            throw new Config.ConfigException("--startup-timeout '" + startupTimeout + "' is not a duration such as 30s or 2m");
        }
    }

    private Map<String, String> overrides() {
        Map<String, String> o = new HashMap<>();
        put(o, "clickhouse.url", clickHouseUrl);
        put(o, "clickhouse.user", clickHouseUser);
        put(o, "clickhouse.password", clickHousePassword);
        put(o, "clickhouse.database", database);
        put(o, "sink.batch.rows", batchRows);
        put(o, "sink.linger", linger);
        put(o, "sink.retention.days", retentionDays);
        put(o, "sink.raw.flows", rawFlows);
        put(o, "sink.raw.flows.sample.ratio", sampleRatio);
        put(o, "sink.group.id", groupId);
        return o;
    }

    private static void put(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
