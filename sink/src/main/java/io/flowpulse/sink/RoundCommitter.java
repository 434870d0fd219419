package io.flowpulse.sink;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Makes a round ClickHouse confirmed final in Kafka: the rows ClickHouse refused go to the
 * dead-letter topic, every dead letter of the round must be acknowledged, and only then are
 * the round's offsets committed.
 */
final class RoundCommitter {

    private final Consumer<byte[], byte[]> consumer;
    private final SinkDeadLetters deadLetters;
    private final BooleanSupplier stopping;

    RoundCommitter(Consumer<byte[], byte[]> consumer, SinkDeadLetters deadLetters, BooleanSupplier stopping) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.stopping = stopping;
    }

    /** Commits the round being inserted; throws {@link org.apache.kafka.common.KafkaException} when it could not. */
    void commit(PendingRounds pending) {
        for (RejectedRow<ConsumerRecord<byte[], byte[]>> rejected : pending.inserting().rejected()) {
            deadLetters.send(rejected.source(), "rejected_by_clickhouse", rejected.reason(), null);
        }
        deadLetters.awaitSent();
        Map<TopicPartition, OffsetAndMetadata> offsets = pending.committable();
        if (!offsets.isEmpty()) {
            commitSync(offsets);
        }
        pending.committed();
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            if (!stopping.getAsBoolean()) {
                throw e;
            }
            // stop() woke the consumer up while it was not polling: the wake-up is spent, commit now
            consumer.commitSync(offsets);
        }
    }
}
