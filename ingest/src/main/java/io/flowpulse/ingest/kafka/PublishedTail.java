package io.flowpulse.ingest.kafka;

import io.flowpulse.ingest.relay.ResumePoint;
import io.flowpulse.ingest.relay.ResumePoint.PublishedEvent;
import io.flowpulse.ingest.relay.ResumeTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the end of the flows topic to find where an earlier ingest run got to ({@link ResumePoint}):
 * the newest event of every partition, then each partition back to the resume time. Reading goes
 * backwards in growing steps, so a busy topic costs the few thousand records at its end.
 */
public final class PublishedTail {

    private static final int FIRST_STEP = 4096;
    /** Records read per partition at most: the relay's ring buffers hold far fewer. */
    private static final int MAX_STEP = 4 << 20;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<GenericRecord> values;

    public PublishedTail(Consumer<byte[], byte[]> consumer, String topic, Deserializer<GenericRecord> values) {
        this.consumer = consumer;
        this.topic = topic;
        this.values = values;
    }

    /** Where to resume; empty when the topic holds no event. */
    public Optional<ResumePoint> resumePoint() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, READ_TIMEOUT);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
        Map<Integer, List<PublishedEvent>> tails = new HashMap<>();
        Map<Integer, Long> newest = new HashMap<>();
        for (TopicPartition partition : partitions) {
            List<PublishedEvent> tail = tail(partition, begins.get(partition), ends.get(partition), Long.MAX_VALUE);
            if (!tail.isEmpty()) {
                tails.put(partition.partition(), tail);
                newest.put(partition.partition(), tail.stream().mapToLong(PublishedEvent::timeMicros).max().orElseThrow());
            }
        }
        OptionalLong since = ResumePoint.since(newest.values());
        if (since.isEmpty()) {
            return Optional.empty();
        }
        for (TopicPartition partition : partitions) {
            if (tails.containsKey(partition.partition())) {
                tails.put(partition.partition(), tail(partition, begins.get(partition), ends.get(partition),
                        since.getAsLong()));
            }
        }
        return Optional.of(ResumePoint.of(since.getAsLong(), tails));
    }

    /**
     * The events at the end of a partition, reading back until one before {@code fromMicros} or the
     * partition's beginning; with {@code Long.MAX_VALUE}, just enough to hold its newest event.
     */
    private List<PublishedEvent> tail(TopicPartition partition, long begin, long end, long fromMicros) {
        for (long step = fromMicros == Long.MAX_VALUE ? 16 : FIRST_STEP; ; step *= 4) {
            long from = Math.max(begin, end - step);
            List<PublishedEvent> events = read(partition, from, end);
            boolean reachedBack = fromMicros == Long.MAX_VALUE ? !events.isEmpty()
                    : events.stream().anyMatch(e -> e.timeMicros() < fromMicros);
            if (reachedBack || from == begin || step >= MAX_STEP) {
                return events;
            }
        }
    }

    private List<PublishedEvent> read(TopicPartition partition, long from, long end) {
        List<PublishedEvent> events = new ArrayList<>();
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read " + partition + " up to offset " + end);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() != null) {
                    event(values.deserialize(topic, record.value())).ifPresent(events::add);
                }
            }
        }
        return events;
    }

    /** A flow or lost-events record as the relay client identifies it; anything else is no event. */
    static Optional<PublishedEvent> event(GenericRecord value) {
        String type = value.getSchema().getName();
        if (type.equals("Flow")) {
            Object uuid = value.get("uuid");
            // without a uuid (agents before Cilium 1.14) a flow cannot be recognised again: it is not skipped
            return Optional.of(new PublishedEvent(micros(value.get("time")), uuid == null ? "" : uuid.toString()));
        }
        if (type.equals("LostEvents")) {
            Object cpu = value.get("cpu");
            return Optional.of(new PublishedEvent(micros(value.get("time")), ResumeTracker.lostEventsIdentity(
                    value.get("node_name").toString(), value.get("source").toString(),
                    ((Number) value.get("num_events_lost")).longValue(), cpu == null ? 0 : ((Number) cpu).intValue())));
        }
        return Optional.empty();
    }

    private static long micros(Object time) {
        if (time instanceof Instant instant) {
            return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
        }
        return ((Number) time).longValue();
    }
}
