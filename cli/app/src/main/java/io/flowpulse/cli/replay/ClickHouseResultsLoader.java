package io.flowpulse.cli.replay;

import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.replay.ReplayTopics;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.runtime.service.ServiceUnavailableException;
import io.flowpulse.sink.ClickHouseSink;
import io.flowpulse.sink.SinkClients;
import io.flowpulse.sink.SinkMetrics;
import io.flowpulse.sink.SinkSettings;
import io.flowpulse.sink.clickhouse.ClickHouseException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a replay's result topics into ClickHouse with the sink, into a database of their own (replayed
 * data is old and must not fall under the live retention). The ClickHouse account and the Kafka client
 * settings come from the configuration.
 */
public final class ClickHouseResultsLoader implements ReplayRun.ResultsLoader {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);

    private final String url;
    private final String database;
    private final Config config;
    private final PrintStream err;

    public ClickHouseResultsLoader(String url, String database, Config config, PrintStream err) {
        this.url = url;
        this.database = database;
        this.config = config;
        this.err = err;
    }

    @Override
    public void load(ReplaySettings settings, ReplayTopics topics) throws Exception {
        SinkSettings sinkSettings = SinkSettings.of(sinkOverrides(settings, topics));
        err.printf("flowpulse replay: loading the results into %s database %s%n", url, database);
        try (ClickHouseSink sink = new ClickHouseSink(sinkSettings, SinkClients.create(sinkSettings),
                new SinkMetrics(new SimpleMeterRegistry()))) {
            sink.prepare(STARTUP_TIMEOUT);
            if (!sink.runUntilCaughtUp(LOAD_TIMEOUT)) {
                throw new Exception("ClickHouse did not take all results within " + LOAD_TIMEOUT.toMinutes() + " minutes");
            }
            err.printf("flowpulse replay: %,d result records loaded into ClickHouse%n", sink.recordsHandled());
        } catch (ClickHouseException e) {
            throw new ServiceUnavailableException("ClickHouse unavailable: " + e.getMessage(), e);
        }
    }

    private Map<String, String> sinkOverrides(ReplaySettings settings, ReplayTopics topics) {
        Map<String, String> overrides = new HashMap<>();
        settings.kafkaOverrides().forEach((key, value) ->
                overrides.put(KafkaClientProperties.PREFIX + "." + key, value.toString()));
        for (String key : List.of("clickhouse.user", "clickhouse.password", "clickhouse.timeout")) {
            config.optional(key).ifPresent(value -> overrides.put(key, value));
        }
        overrides.put("kafka.bootstrap.servers", settings.bootstrapServers());
        overrides.put("schema.registry.url", settings.registryUrl());
        overrides.put("topics.links", topics.links());
        overrides.put("topics.dns", topics.dns());
        overrides.put("topics.latency", topics.latency());
        overrides.put("topics.alerts", topics.alerts());
        overrides.put("topics.flows", topics.flows());
        overrides.put("topics.dlq", topics.dlq());
        overrides.put("clickhouse.url", url);
        overrides.put("clickhouse.database", database);
        overrides.put("sink.group.id", topics.applicationId() + "-sink");
        overrides.put("sink.retention.days", "0");
        return overrides;
    }
}
