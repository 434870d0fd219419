package io.flowpulse.sink;

import io.flowpulse.runtime.Backoff;
import io.flowpulse.sink.clickhouse.ClickHouseClient;
import io.flowpulse.sink.clickhouse.ClickHouseException;
import io.flowpulse.sink.clickhouse.RetentionTask;
import io.flowpulse.sink.clickhouse.SchemaMigrator;
import io.flowpulse.sink.schema.ServerVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's tables in ClickHouse: migrated and given their retention TTL at start, waiting
 * for ClickHouse to come up; on servers without TTL (18.16), expired day partitions are
 * dropped every {@code sink.retention.check.interval} instead.
 */
final class ClickHouseTables {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseTables.class);

    private final ClickHouseClient clickHouse;
    private final SinkSettings settings;
    private final RetentionTask retention;
    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final Clock clock;
    private long nextRetentionCheckAtMillis;

    ClickHouseTables(ClickHouseClient clickHouse, SinkSettings settings, SinkHealth health, SinkMetrics metrics,
                     Clock clock) {
        this.clickHouse = clickHouse;
        this.settings = settings;
        this.retention = new RetentionTask(clickHouse, settings.database(), settings.retentionDays(), clock);
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Applies the schema migrations and the retention TTL (where the server has TTL),
     * retrying while ClickHouse is unreachable until {@code timeout} passes or {@code stop}
     * is counted down. Any other ClickHouse error is thrown at once.
     */
    SchemaMigrator.Result prepare(Duration timeout, CountDownLatch stop) throws ClickHouseException {
        long deadline = clock.millis() + timeout.toMillis();
        Backoff backoff = new Backoff(settings.retryInitialBackoff(), settings.retryMaxBackoff());
        while (true) {
            try {
                SchemaMigrator.Result result = new SchemaMigrator(clickHouse, settings.database()).migrate();
                retention.applyTtl(result.server());
                health.migrated(result.server());
                log.atInfo().addKeyValue("server", result.server().text()).addKeyValue("database", settings.database())
                        .addKeyValue("schema_version", result.current())
                        .log("ClickHouse {} ready, schema at version {}", result.server(), result.current());
                return result;
            } catch (ClickHouseException e) {
                health.lastError(e.getMessage());
                long wait = backoff.nextDelay().toMillis();
                if (e.code() != -1 || clock.millis() + wait > deadline) {
                    throw e;
                }
                log.atWarn().addKeyValue("error", e.getMessage()).log("ClickHouse not reachable yet, retrying in {} ms", wait);
                if (stopped(stop, wait)) {
                    throw e;
                }
            }
        }
    }

    /** The next {@link #dropExpiredPartitionsIfDue()} checks at once. */
    void checkRetentionNext() {
        nextRetentionCheckAtMillis = clock.millis();
    }

    /** On servers without TTL, drops the day partitions past retention when a check is due. */
    void dropExpiredPartitionsIfDue() {
        if (clock.millis() < nextRetentionCheckAtMillis) {
            return;
        }
        nextRetentionCheckAtMillis = clock.millis() + settings.retentionCheckInterval().toMillis();
        ServerVersion server = health.server();
        if (server == null || server.supportsTtl()) {
            return;
        }
        try {
            metrics.partitionsDropped(retention.dropExpiredPartitions().size());
        } catch (ClickHouseException e) {
            log.atWarn().addKeyValue("error", e.getMessage()).log("retention check failed, trying again later: {}", e.getMessage());
        }
    }

    private static boolean stopped(CountDownLatch stop, long waitMillis) {
        try {
            return stop.await(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
