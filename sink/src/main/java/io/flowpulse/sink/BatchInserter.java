package io.flowpulse.sink;

import io.flowpulse.sink.clickhouse.ClickHouseClient;
import io.flowpulse.sink.clickhouse.ClickHouseException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts a {@link TableBatch} as RowBinary. When ClickHouse refuses a range for a data
 * reason, the range is split in halves until the single bad rows are isolated; they are
 * returned as rejected and every other row is written. Any other failure is thrown and
 * leaves the unfinished ranges in the batch, so calling again resumes.
 */
public final class BatchInserter {

    private static final Logger log = LoggerFactory.getLogger(BatchInserter.class);

    private final ClickHouseClient client;
    private final String database;
    private final SinkMetrics metrics;

    public BatchInserter(ClickHouseClient client, String database, SinkMetrics metrics) {
        this.client = client;
        this.database = database;
        this.metrics = metrics;
    }

    public <S> List<RejectedRow<S>> insert(TableBatch<?, S> batch) throws ClickHouseException {
        String table = batch.mapping().table();
        String qualified = database + "." + table;
        List<String> columns = batch.mapping().columns();
        List<RejectedRow<S>> rejected = new ArrayList<>();
        Deque<int[]> pending = batch.pendingRanges();
        while (!pending.isEmpty()) {
            int[] range = pending.peekFirst();
            int from = batch.byteStart(range[0]);
            int to = batch.byteEnd(range[1]);
            long started = System.nanoTime();
            try {
                client.insertRowBinary(qualified, columns, batch.array(), from, to - from);
                pending.removeFirst();
                metrics.batchWritten(table, range[1] - range[0], to - from, System.nanoTime() - started);
            } catch (ClickHouseException e) {
                if (!e.isDataError()) {
                    throw e;
                }
                pending.removeFirst();
                int rows = range[1] - range[0];
                if (rows == 1) {
                    rejected.add(new RejectedRow<>(table, batch.source(range[0]), e.getMessage()));
                    log.atWarn().addKeyValue("table", table).addKeyValue("code", e.code())
                            .log("ClickHouse refused a row of {}: {}", table, e.getMessage());
                } else {
                    int mid = range[0] + rows / 2;
                    pending.addFirst(new int[] {mid, range[1]});
                    pending.addFirst(new int[] {range[0], mid});
                    metrics.batchSplit(table);
                }
            }
        }
        batch.clear();
        return rejected;
    }
}
