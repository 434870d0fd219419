package io.flowpulse.sink;

import io.flowpulse.schemas.registry.SchemaRegistryException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the records of one poll into the round being read: each becomes a row, a skip or a
 * dead letter. When the schema registry cannot be reached the bytes may be fine, so reading
 * stops there and the rest of the poll is to be read again later.
 */
final class RoundReader {

    /** Reading stopped because the registry failed; the consumer seeks back to {@code readAgainFrom}. */
    record RegistryFailure(SchemaRegistryException error, Map<TopicPartition, Long> readAgainFrom) {
    }

    private final RecordDecoder decoder;
    private final SinkDeadLetters deadLetters;
    private final SinkMetrics metrics;
    private long recordsHandled;
    private long recordsTranscoded;

    RoundReader(RecordDecoder decoder, SinkDeadLetters deadLetters, SinkMetrics metrics) {
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** Reads {@code records} into {@code round}, rows versioned {@code now}. */
    Optional<RegistryFailure> read(ConsumerRecords<byte[], byte[]> records, PendingRecords round, long now) {
        long transcodedBefore = recordsTranscoded;
        SchemaRegistryException failure = null;
        Map<TopicPartition, Long> readAgainFrom = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
            if (failure != null) {
                readAgainFrom.put(tp, batch.get(0).offset());
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                try {
                    read(tp, r, round, now);
                } catch (SchemaRegistryException e) {
                    failure = e;
                    readAgainFrom.put(tp, r.offset());
                    break;
                }
            }
        }
        metrics.transcoded(recordsTranscoded - transcodedBefore);
        return failure == null ? Optional.empty() : Optional.of(new RegistryFailure(failure, readAgainFrom));
    }

    private void read(TopicPartition tp, ConsumerRecord<byte[], byte[]> r, PendingRecords round, long now) {
        DecodedRecord decoded = decoder.decode(r, round.rows, now);
        round.handled(tp, r.offset());
        recordsHandled++;
        if (decoded instanceof DecodedRecord.Row row) {
            round.buffered(now);
            if (row.transcoded()) {
                recordsTranscoded++;
            }
        } else if (decoded instanceof DecodedRecord.Skipped skipped) {
            metrics.skipped(skipped.reason());
        } else if (decoded instanceof DecodedRecord.DeadLetter dead) {
            deadLetters.send(r, dead.tag(), dead.reason(), dead.error());
        }
    }

    long recordsHandled() {
        return recordsHandled;
    }

    long recordsTranscoded() {
        return recordsTranscoded;
    }
}
