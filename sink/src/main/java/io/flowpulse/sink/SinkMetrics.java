package io.flowpulse.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sink's meters. In Prometheus: {@code flowpulse_sink_rows_written_total{table}},
 * {@code flowpulse_sink_batches_total{table}}, {@code flowpulse_sink_insert_seconds{table}},
 * {@code flowpulse_sink_batch_splits_total{table}}, {@code flowpulse_sink_insert_retries_total},
 * {@code flowpulse_sink_dead_letters_total{reason}}, {@code flowpulse_sink_records_skipped_total{reason}},
 * {@code flowpulse_sink_consumer_lag} (records not yet read), {@code flowpulse_sink_paused}
 * (1 while ClickHouse is failing), {@code flowpulse_sink_partitions_dropped_total} and
 * {@code flowpulse_sink_records_transcoded_total} (records that took the Avro-to-row fast path).
 */
public final class SinkMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> rows = new ConcurrentHashMap<>();
    private final Map<String, Counter> batches = new ConcurrentHashMap<>();
    private final Map<String, Timer> insertTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> splits = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Counter> skipped = new ConcurrentHashMap<>();
    private final Counter retries;
    private final Counter partitionsDropped;
    private final Counter transcoded;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong paused = new AtomicLong();

    public SinkMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.retries = Counter.builder("flowpulse.sink.insert.retries")
                .description("ClickHouse requests that failed and will be retried").register(registry);
        this.partitionsDropped = Counter.builder("flowpulse.sink.partitions.dropped")
                .description("Day partitions dropped by retention").register(registry);
        this.transcoded = Counter.builder("flowpulse.sink.records.transcoded")
                .description("Records turned into rows straight from their Avro bytes").register(registry);
        Gauge.builder("flowpulse.sink.consumer.lag", lag, AtomicLong::get)
                .description("Records in the assigned partitions not yet read").register(registry);
        Gauge.builder("flowpulse.sink.paused", paused, AtomicLong::get)
                .description("1 while consumption is paused because ClickHouse is failing").register(registry);
    }

    /** Meters that go nowhere, for callers that do not expose metrics. */
    public static SinkMetrics noop() {
        return new SinkMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    void batchWritten(String table, int rowCount, int byteCount, long nanos) {
        rows.computeIfAbsent(table, t -> Counter.builder("flowpulse.sink.rows.written").tag("table", t)
                .description("Rows ClickHouse confirmed").register(registry)).increment(rowCount);
        batches.computeIfAbsent(table, t -> Counter.builder("flowpulse.sink.batches").tag("table", t)
                .description("RowBinary inserts ClickHouse confirmed").register(registry)).increment();
        insertTimers.computeIfAbsent(table, t -> Timer.builder("flowpulse.sink.insert").tag("table", t)
                .description("Time of one confirmed insert").register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    void batchSplit(String table) {
        splits.computeIfAbsent(table, t -> Counter.builder("flowpulse.sink.batch.splits").tag("table", t)
                .description("Inserts split to isolate rows ClickHouse refused").register(registry)).increment();
    }

    void retry() {
        retries.increment();
    }

    void deadLetter(String reason) {
        deadLetters.computeIfAbsent(reason, r -> Counter.builder("flowpulse.sink.dead.letters").tag("reason", r)
                .description("Records sent to the dead-letter topic").register(registry)).increment();
    }

    void skipped(String reason) {
        skipped.computeIfAbsent(reason, r -> Counter.builder("flowpulse.sink.records.skipped").tag("reason", r)
                .description("Records deliberately not stored (e.g. sampled out)").register(registry)).increment();
    }

    void transcoded(long n) {
        if (n > 0) {
            transcoded.increment(n);
        }
    }

    void partitionsDropped(int n) {
        partitionsDropped.increment(n);
    }

    void lag(long records) {
        lag.set(records);
    }

    void paused(boolean isPaused) {
        paused.set(isPaused ? 1 : 0);
    }

    public double rowsWritten(String table) {
        Counter c = rows.get(table);
        return c == null ? 0 : c.count();
    }

    public double retries() {
        return retries.count();
    }

    public double deadLetters() {
        return deadLetters.values().stream().mapToDouble(Counter::count).sum();
    }
}
