package io.flowpulse.sink;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A {@link MockConsumer} that delivers from a log per partition the way a broker does: each
 * poll returns the records from the consumer's position on, so a seek back or a partition
 * assigned again redelivers. An empty poll waits a little, as a real one would, so the loop
 * under test does not spin. Commits are remembered and still readable after close.
 */
final class LogBackedMockConsumer extends MockConsumer<byte[], byte[]> {

    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log = new HashMap<>();
    private final Map<TopicPartition, Long> commits = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private volatile Runnable onCommit = () -> { };

    LogBackedMockConsumer(List<TopicPartition> partitions) {
        super("earliest");
        Map<TopicPartition, Long> zero = new HashMap<>();
        for (TopicPartition tp : partitions) {
            log.put(tp, new ArrayList<>());
            zero.put(tp, 0L);
        }
        updateBeginningOffsets(zero);
        updateEndOffsets(zero);
    }

    /** Appends records with these values to a partition's log. */
    synchronized void append(TopicPartition tp, String... values) {
        List<ConsumerRecord<byte[], byte[]>> records = log.get(tp);
        for (String v : values) {
            records.add(new ConsumerRecord<>(tp.topic(), tp.partition(), records.size(), null,
                    v.getBytes(StandardCharsets.UTF_8)));
        }
        updateEndOffsets(Map.of(tp, (long) records.size()));
    }

    /** Offsets committed so far, by partition. */
    synchronized Map<TopicPartition, Long> committedOffsets() {
        return new HashMap<>(commits);
    }

    /** Runs {@code check} on the committing thread just before each commit. */
    void beforeEachCommit(Runnable check) {
        onCommit = check;
    }

    /** Schedules a rebalance to {@code assignment}, run on the polling thread as Kafka would. */
    void rebalanceOnNextPoll(List<TopicPartition> assignment) {
        schedulePollTask(() -> rebalance(assignment));
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        ConsumerRecords<byte[], byte[]> polled;
        synchronized (this) {
            for (TopicPartition tp : assignment()) {
                if (!paused().contains(tp)) {
                    long from = position(tp);
                    for (ConsumerRecord<byte[], byte[]> r : log.get(tp)) {
                        if (r.offset() >= from) {
                            addRecord(r);
                        }
                    }
                }
            }
            polled = super.poll(timeout);
        }
        if (polled.isEmpty()) {
            try {
                Thread.sleep(Math.min(timeout.toMillis(), 10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return polled;
    }

    // paused() as KafkaConsumer reports it: the mock keeps partitions listed after they were revoked

    @Override
    public synchronized void pause(Collection<TopicPartition> partitions) {
        super.pause(partitions);
        paused.addAll(partitions);
    }

    @Override
    public synchronized void resume(Collection<TopicPartition> partitions) {
        super.resume(partitions);
        paused.removeAll(partitions);
    }

    @Override
    public synchronized void rebalance(Collection<TopicPartition> newAssignment) {
        super.rebalance(newAssignment);
        paused.retainAll(newAssignment);
    }

    @Override
    public synchronized Set<TopicPartition> paused() {
        return new HashSet<>(paused);
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        onCommit.run();
        super.commitSync(offsets);
        offsets.forEach((tp, o) -> commits.put(tp, o.offset()));
    }
}
