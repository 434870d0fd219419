package io.flowpulse.sink;

import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.sink.clickhouse.ClickHouseException;
import io.flowpulse.sink.clickhouse.SchemaMigrator;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The Kafka -> ClickHouse sink assembled from its parts: {@link #prepare} migrates the
 * tables ({@link ClickHouseTables}), then {@link #run()} or {@link #runUntilCaughtUp}
 * consumes ({@link SinkLoop}). One thread prepares and consumes; {@link #stop()} may be
 * called from any thread. Closing it closes its clients.
 */
public final class ClickHouseSink implements AutoCloseable {

    private final SinkClients clients;
    private final SinkHealth health;
    private final ClickHouseTables tables;
    private final RoundReader reader;
    private final RoundInserter inserter;
    private final SinkLoop loop;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    /** Builds the real clients from {@code settings}; values are decoded by {@code valueDeserializer}. */
    public ClickHouseSink(SinkSettings settings, Deserializer<Object> valueDeserializer, SinkMetrics metrics) {
        this(settings, SinkClients.create(settings, valueDeserializer), metrics);
    }

    public ClickHouseSink(SinkSettings settings, SinkClients clients, SinkMetrics metrics) {
        this(settings, clients, metrics, Clock.systemUTC());
    }

    ClickHouseSink(SinkSettings settings, SinkClients clients, SinkMetrics metrics, Clock clock) {
        this.clients = clients;
        this.health = new SinkHealth(settings.database());
        this.tables = new ClickHouseTables(clients.clickHouse(), settings, health, metrics, clock);
        SinkDeadLetters deadLetters = new SinkDeadLetters(clients.dlqProducer(), settings.dlqTopic(), metrics);
        this.reader = new RoundReader(new RecordDecoder(clients.values(), clients.transcoders()), deadLetters, metrics);
        this.inserter = new RoundInserter(new BatchInserter(clients.clickHouse(), settings.database(), metrics));
        this.loop = new SinkLoop(settings, clients.consumer(), reader, inserter, deadLetters, tables, health, metrics, clock);
    }

    /**
     * Applies the schema migrations and the retention TTL (where the server has TTL),
     * retrying while ClickHouse is unreachable until {@code timeout} passes or {@link #stop()}.
     */
    public SchemaMigrator.Result prepare(Duration timeout) throws ClickHouseException {
        return tables.prepare(timeout, stopRequested);
    }

    /** Consumes until {@link #stop()}; completes and commits what it holds before returning. */
    public void run() {
        requirePrepared();
        loop.run();
    }

    /**
     * Consumes until every input partition is read up to its end offset as of this call
     * and everything read is in ClickHouse and committed, or until the timeout.
     *
     * @return whether it caught up (false: timed out or stopped)
     */
    public boolean runUntilCaughtUp(Duration timeout) {
        requirePrepared();
        return loop.runUntilCaughtUp(timeout);
    }

    public void stop() {
        stopRequested.countDown();
        loop.stop();
    }

    /** Ready once the schema is migrated and while inserts succeed. */
    public HealthCheck health() {
        return health;
    }

    public long recordsHandled() {
        return reader.recordsHandled();
    }

    /** Records that took the fast path from Avro bytes straight to a row. */
    public long recordsTranscoded() {
        return reader.recordsTranscoded();
    }

    private void requirePrepared() {
        if (!health.migrated()) {
            throw new IllegalStateException("call prepare() before consuming");
        }
    }

    @Override
    public void close() {
        stop();
        inserter.close();
        clients.close();
    }
}
