package io.flowpulse.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka records handled since the last commit that one insert round will make durable:
 * their rows (per table), the offsets to commit once ClickHouse confirmed them, the offsets
 * to rewind to if they have to be read again, and the rows ClickHouse refused.
 */
final class PendingRecords {

    final RowRouter<ConsumerRecord<byte[], byte[]>> rows;
    private final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private final List<RejectedRow<ConsumerRecord<byte[], byte[]>>> rejected = new ArrayList<>();
    private long firstBufferedAtMillis = -1;

    PendingRecords(boolean rawFlows, double flowSampleRatio) {
        this.rows = new RowRouter<>(rawFlows, flowSampleRatio);
    }

    /** A record was handled: buffered as a row, skipped or dead-lettered. */
    void handled(TopicPartition tp, long offset) {
        firstOffsets.putIfAbsent(tp, offset);
        nextOffsets.put(tp, offset + 1);
    }

    void buffered(long nowMillis) {
        if (firstBufferedAtMillis < 0) {
            firstBufferedAtMillis = nowMillis;
        }
    }

    boolean isEmpty() {
        return nextOffsets.isEmpty();
    }

    int bufferedRows() {
        return rows.bufferedRows();
    }

    /** Milliseconds the oldest buffered row has waited; 0 when no row is buffered. */
    long waitedMillis(long nowMillis) {
        return firstBufferedAtMillis < 0 ? 0 : nowMillis - firstBufferedAtMillis;
    }

    boolean hasRows() {
        return firstBufferedAtMillis >= 0;
    }

    Map<TopicPartition, Long> nextOffsets() {
        return nextOffsets;
    }

    Map<TopicPartition, Long> firstOffsets() {
        return firstOffsets;
    }

    List<RejectedRow<ConsumerRecord<byte[], byte[]>>> rejected() {
        return rejected;
    }

    /** Inserts every table's rows; resumable after a failure, refused rows collected in {@link #rejected()}. */
    void insertAll(BatchInserter inserter) throws io.flowpulse.sink.clickhouse.ClickHouseException {
        for (TableBatch<?, ConsumerRecord<byte[], byte[]>> batch : rows.nonEmptyBatches()) {
            rejected.addAll(inserter.insert(batch));
        }
    }
}
