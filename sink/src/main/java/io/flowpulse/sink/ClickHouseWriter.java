package io.flowpulse.sink;

import io.flowpulse.runtime.Backoff;
import io.flowpulse.sink.clickhouse.ClickHouseClient;
import io.flowpulse.sink.clickhouse.ClickHouseException;
import io.flowpulse.sink.clickhouse.SchemaMigrator;
import io.flowpulse.sink.table.InvalidRowException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records straight into ClickHouse through the same mappings, batching and inserts
 * as the Kafka sink, for callers that already hold the records (the replay command loading
 * its results). Records are the generated Avro classes: LinkWindow, DnsWindow,
 * LatencyWindow, Alert, and Flow / LostEvents when raw flows are enabled.
 *
 * <pre>{@code
 * try (ClickHouseWriter writer = ClickHouseWriter.open(settings, SinkMetrics.noop(), Duration.ofSeconds(30))) {
 *     writer.writeAll(links);
 *     writer.writeAll(alerts);
 *     ClickHouseWriter.Result result = writer.flush();
 * }
 * }</pre>
 */
public final class ClickHouseWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseWriter.class);

    private final SinkSettings settings;
    private final BatchInserter inserter;
    private final RowRouter<Object> router;
    private final Duration retryFor;
    private long rowsWritten;
    private final List<RejectedRow<Object>> rejected = new ArrayList<>();

    /** What a flush achieved so far: rows ClickHouse confirmed, and rows it refused for their data. */
    public record Result(long rowsWritten, List<RejectedRow<Object>> rejected) {
    }

    private ClickHouseWriter(SinkSettings settings, ClickHouseClient client, SinkMetrics metrics, Duration retryFor) {
        this.settings = settings;
        this.inserter = new BatchInserter(client, settings.database(), metrics);
        this.router = new RowRouter<>(settings.rawFlows(), settings.flowSampleRatio());
        this.retryFor = retryFor;
    }

    /**
     * Connects, applies the migrations and returns a writer. Inserts are retried with
     * backoff for up to {@code retryFor} while ClickHouse is unreachable or failing.
     */
    public static ClickHouseWriter open(SinkSettings settings, SinkMetrics metrics, Duration retryFor)
            throws ClickHouseException {
        ClickHouseClient client = SinkClients.clickHouse(settings);
        new SchemaMigrator(client, settings.database()).migrate();
        return new ClickHouseWriter(settings, client, metrics, retryFor);
    }

    /**
     * Buffers one record; inserts when a batch is full. Throws {@link InvalidRowException}
     * for a record no table can hold.
     */
    public void write(Object record) throws ClickHouseException {
        router.route(record, System.currentTimeMillis(), record);
        if (router.bufferedRows() >= settings.batchRows()) {
            flush();
        }
    }

    public void writeAll(Iterable<?> records) throws ClickHouseException {
        for (Object r : records) {
            write(r);
        }
    }

    /** Inserts everything buffered, retrying outages until {@code retryFor} is used up. */
    public Result flush() throws ClickHouseException {
        Backoff backoff = new Backoff(settings.retryInitialBackoff(), settings.retryMaxBackoff());
        long deadline = System.nanoTime() + retryFor.toNanos();
        for (TableBatch<?, Object> batch : router.nonEmptyBatches()) {
            while (true) {
                int rows = batch.rows();
                try {
                    List<RejectedRow<Object>> refused = inserter.insert(batch);
                    rejected.addAll(refused);
                    rowsWritten += rows - refused.size();
                    break;
                } catch (ClickHouseException e) {
                    long wait = backoff.nextDelay().toMillis();
                    if (System.nanoTime() + wait * 1_000_000 > deadline) {
                        throw e;
                    }
                    log.atWarn().addKeyValue("error", e.getMessage()).addKeyValue("retry_in_ms", wait)
                            .log("ClickHouse insert failed, retrying in {} ms: {}", wait, e.getMessage());
                    sleep(wait);
                }
            }
        }
        return new Result(rowsWritten, List.copyOf(rejected));
    }

    private static void sleep(long millis) throws ClickHouseException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClickHouseException.unreachable("insert", e);
        }
    }

    @Override
    public void close() throws ClickHouseException {
        flush();
    }
}
