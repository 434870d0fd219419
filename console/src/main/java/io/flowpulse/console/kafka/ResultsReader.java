package io.flowpulse.console.kafka;

import io.flowpulse.console.history.EventHub;
import io.flowpulse.console.json.RecordJson;
import io.flowpulse.schemas.avro.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the results topics (links, DNS, latency, alerts) and the node inventory with the
 * consumer it is given, assigned by hand (no consumer group, nothing committed), and publishes
 * each record to the {@link EventHub}. Runs on a thread of its own; clients never slow it, as
 * publishing only offers to bounded queues.
 *
 * <p>Where it starts: the inventory from its beginning (it is compacted); the results topics
 * where {@link StartPositions} says (backfill), and topics or partitions that appear later from
 * their beginning. Records already loaded from ClickHouse are skipped by their identity.
 */
public final class ResultsReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsReader.class);
    private static final long DISCOVERY_INTERVAL_MS = 5_000;
    private static final long LAG_INTERVAL_MS = 1_000;

    /** Where each results partition found at start is read from. */
    @FunctionalInterface
    public interface StartPositions {
        Map<TopicPartition, Long> positions(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions);
    }

    /** Counters the reader keeps for metrics and health. */
    public interface Listener {
        void recordRead(String topic);

        void recordSkipped(String topic, String reason);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Deserializer<Object> values;
    private final String nodesTopic;
    private final List<String> resultTopics;
    private final EventHub hub;
    private final StartPositions startPositions;
    private final Set<String> alreadyLoaded;
    private final Function<Object, String> identity;
    private final Listener listener;
    private final LongSupplier clock;

    private final Set<TopicPartition> assigned = new HashSet<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong recordsRead = new AtomicLong();
    private volatile boolean stopping;
    private volatile long lag = -1;
    private volatile long lastPollAt;
    private volatile Set<String> topicsAssigned = Set.of();
    private volatile Throwable failure;
    private volatile boolean caughtUp;
    private Map<TopicPartition, Long> catchUpTargets;
    private boolean firstDiscovery = true;

    /**
     * @param alreadyLoaded identities ({@link RecordJson#identity}) of records already in the
     *                      history from ClickHouse: skipped when read again, then forgotten
     */
    public ResultsReader(Consumer<byte[], byte[]> consumer, Deserializer<Object> values, String nodesTopic,
                         List<String> resultTopics, EventHub hub, StartPositions startPositions,
                         Set<String> alreadyLoaded, Listener listener, LongSupplier clock) {
        this.consumer = Objects.requireNonNull(consumer);
        this.values = Objects.requireNonNull(values);
        this.nodesTopic = nodesTopic;
        this.resultTopics = List.copyOf(resultTopics);
        this.hub = hub;
        this.startPositions = startPositions;
        this.alreadyLoaded = new HashSet<>(alreadyLoaded);
        this.identity = RecordJson::identity;
        this.listener = listener;
        this.clock = clock;
    }

    /** Start positions: the end (nothing from the past). */
    public static StartPositions fromEnd() {
        return (consumer, partitions) -> consumer.endOffsets(partitions);
    }

    /** Start positions: the first record at or after {@code sinceMillis()} (the end where there is none). */
    public static StartPositions byTime(LongSupplier sinceMillis) {
        return (consumer, partitions) -> {
            Map<TopicPartition, Long> query = new HashMap<>();
            long since = sinceMillis.getAsLong();
            partitions.forEach(p -> query.put(p, since));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> out = new HashMap<>();
            consumer.offsetsForTimes(query).forEach((p, found) -> out.put(p, found == null ? ends.get(p) : found.offset()));
            return out;
        };
    }

    @Override
    public void run() {
        long nextDiscovery = 0;
        long nextLag = 0;
        try {
            while (!stopping) {
                long now = clock.getAsLong();
                if (now >= nextDiscovery) {
                    discover();
                    nextDiscovery = now + DISCOVERY_INTERVAL_MS;
                }
                if (assigned.isEmpty()) {
                    lastPollAt = clock.getAsLong();
                    Thread.sleep(200);
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                lastPollAt = clock.getAsLong();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    accept(record);
                }
                if (now >= nextLag) {
                    updateLag();
                    nextLag = now + LAG_INTERVAL_MS;
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("console: the Kafka reader stopped: {}", e.toString(), e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("console: closing the consumer: {}", e.toString());
            }
            finished.countDown();
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        recordsRead.incrementAndGet();
        if (topic.equals(nodesTopic)) {
            acceptNode(record);
            return;
        }
        if (record.value() == null) {
            listener.recordSkipped(topic, "no value");
            return;
        }
        Object value;
        try {
            value = values.deserialize(topic, record.value());
        } catch (RuntimeException e) {
            listener.recordSkipped(topic, "undecodable");
            LOG.warn("console: skipped {}-{}@{}: {}", topic, record.partition(), record.offset(), e.toString());
            return;
        }
        if (!alreadyLoaded.isEmpty() && alreadyLoaded.remove(identity.apply(value))) {
            listener.recordSkipped(topic, "already loaded");
            return;
        }
        RecordJson.of(value).ifPresentOrElse(mapped -> {
            hub.publish(mapped.type(), mapped.json());
            listener.recordRead(topic);
        }, () -> listener.recordSkipped(topic, "unexpected type"));
    }

    private void acceptNode(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        if (record.value() == null) {
            if (key != null) {
                hub.publishNode(key, null, RecordJson.nodeEvent(key, null));
                listener.recordRead(record.topic());
            }
            return;
        }
        try {
            Object value = values.deserialize(record.topic(), record.value());
            if (value instanceof Node node) {
                String json = RecordJson.node(node);
                hub.publishNode(node.getName(), json, RecordJson.nodeEvent(node.getName(), json));
                listener.recordRead(record.topic());
            } else {
                listener.recordSkipped(record.topic(), "unexpected type");
            }
        } catch (RuntimeException e) {
            listener.recordSkipped(record.topic(), "undecodable");
            LOG.warn("console: skipped node record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
        }
    }

    /** Assigns partitions not yet assigned: at the first look with the backfill positions, later from the beginning. */
    private void discover() {
        List<TopicPartition> found = new ArrayList<>();
        Set<String> present = new HashSet<>();
        List<String> all = new ArrayList<>(resultTopics);
        all.add(nodesTopic);
        for (String topic : all) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
            } catch (org.apache.kafka.common.KafkaException e) {
                LOG.debug("console: partitions of {}: {}", topic, e.toString());
                continue;
            }
            if (infos == null || infos.isEmpty()) {
                continue;
            }
            present.add(topic);
            for (PartitionInfo info : infos) {
                TopicPartition tp = new TopicPartition(topic, info.partition());
                if (!assigned.contains(tp)) {
                    found.add(tp);
                }
            }
        }
        if (!found.isEmpty()) {
            Set<TopicPartition> next = new HashSet<>(assigned);
            next.addAll(found);
            consumer.assign(next);
            List<TopicPartition> results = found.stream().filter(p -> !p.topic().equals(nodesTopic)).toList();
            List<TopicPartition> nodes = found.stream().filter(p -> p.topic().equals(nodesTopic)).toList();
            consumer.seekToBeginning(nodes);
            if (firstDiscovery && !results.isEmpty()) {
                Map<TopicPartition, Long> start = startPositions.positions(consumer, results);
                for (TopicPartition p : results) {
                    Long offset = start.get(p);
                    if (offset == null) {
                        consumer.seekToEnd(List.of(p));
                    } else {
                        consumer.seek(p, offset);
                    }
                }
                catchUpTargets = new HashMap<>(consumer.endOffsets(results));
            } else {
                consumer.seekToBeginning(results);
            }
            assigned.addAll(found);
            LOG.info("console: reading {} partition(s) of {}", found.size(),
                    found.stream().map(TopicPartition::topic).distinct().sorted().toList());
        }
        firstDiscovery = false;
        topicsAssigned = Set.copyOf(present);
    }

    private void updateLag() {
        long total = 0;
        boolean known = true;
        for (TopicPartition p : assigned) {
            OptionalLong l = consumer.currentLag(p);
            if (l.isPresent()) {
                total += l.getAsLong();
            } else {
                known = false;
            }
        }
        if (known) {
            lag = total;
        }
        if (!caughtUp && catchUpTargets != null && catchUpTargets.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            caughtUp = true;
            alreadyLoaded.clear();
            LOG.info("console: history filled; {} events", hub.historySize());
        }
    }

    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    public void await() throws InterruptedException {
        finished.await();
    }

    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Records behind the end of the assigned partitions; -1 while not known. */
    public long lag() {
        return lag;
    }

    public long recordsRead() {
        return recordsRead.get();
    }

    /** The topics found and assigned so far. */
    public Set<String> topicsAssigned() {
        return topicsAssigned;
    }

    public boolean allTopicsAssigned() {
        Set<String> t = topicsAssigned;
        return t.contains(nodesTopic) && t.containsAll(resultTopics);
    }

    /** When the last poll returned (epoch ms); 0 before the first. */
    public long lastPollAt() {
        return lastPollAt;
    }

    public Throwable failure() {
        return failure;
    }

    public boolean isFinished() {
        return finished.getCount() == 0;
    }
}
