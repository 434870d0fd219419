package io.flowpulse.sink;

import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.schemas.registry.SchemaNotFoundException;
import io.flowpulse.schemas.registry.SchemaRegistryException;
import io.flowpulse.sink.clickhouse.ClickHouseClient;
import io.flowpulse.sink.clickhouse.ClickHouseException;
import io.flowpulse.sink.clickhouse.RetentionTask;
import io.flowpulse.sink.clickhouse.SchemaMigrator;
import io.flowpulse.sink.schema.ServerVersion;
import io.flowpulse.sink.table.InvalidRowException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka -> ClickHouse loop. Records are decoded, mapped to rows and batched per table;
 * a batch is inserted when {@code batchRows} rows are buffered or the oldest buffered row
 * waited {@code linger}. Offsets are committed only after ClickHouse confirmed every batch
 * and the dead letters were acknowledged, so a crash redelivers instead of losing, and the
 * ReplacingMergeTree tables absorb the redelivery.
 *
 * <p>While ClickHouse fails, the consumer is paused (it keeps polling so it stays in the
 * group), the flush is retried with exponential backoff, and consumption resumes once it
 * succeeds. Not thread-safe: one thread runs {@link #run()} or {@link #runUntilCaughtUp};
 * {@link #stop()} may be called from any thread.
 */
public final class ClickHouseSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseSink.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final SinkSettings settings;
    private final Deserializer<Object> valueDeserializer;
    private final SinkMetrics metrics;
    private final ClickHouseClient clickHouse;
    private final BatchInserter inserter;
    private final RetentionTask retention;
    private final RowRouter<ConsumerRecord<byte[], byte[]>> router;
    private final Backoff backoff;
    private final Clock clock;

    private Consumer<byte[], byte[]> consumer;
    private Producer<byte[], byte[]> dlqProducer;
    private DeadLetterPublisher deadLetters;

    /** Offset after the last record handled (buffered, skipped or dead-lettered) per partition, not yet committed. */
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    /** First offset handled since the last commit per partition: where to rewind if buffers are discarded. */
    private final Map<TopicPartition, Long> firstUncommitted = new HashMap<>();
    private long firstBufferedAtMillis = -1;
    private boolean failing;
    private long nextRetryAtMillis;
    private long nextRetentionAtMillis;
    private volatile boolean stopped;
    private volatile boolean prepared;
    private volatile String lastError = "";
    private ServerVersion server;
    private long recordsHandled;

    public ClickHouseSink(SinkSettings settings, Deserializer<Object> valueDeserializer, SinkMetrics metrics) {
        this(settings, valueDeserializer, metrics, Clock.systemUTC());
    }

    ClickHouseSink(SinkSettings settings, Deserializer<Object> valueDeserializer, SinkMetrics metrics, Clock clock) {
        this.settings = settings;
        this.valueDeserializer = valueDeserializer;
        this.metrics = metrics;
        this.clock = clock;
        this.clickHouse = new ClickHouseClient(settings.clickHouseUrl(), settings.clickHouseUser(),
                settings.clickHousePassword(), settings.clickHouseTimeout());
        this.inserter = new BatchInserter(clickHouse, settings.database(), metrics);
        this.retention = new RetentionTask(clickHouse, settings.database(), settings.retentionDays(), clock);
        this.router = new RowRouter<>(settings.rawFlows(), settings.flowSampleRatio());
        this.backoff = new Backoff(settings.retryInitialBackoff(), settings.retryMaxBackoff());
    }

    /**
     * Applies the schema migrations and the retention TTL (where the server has TTL),
     * retrying while ClickHouse is unreachable until {@code timeout} passes.
     */
    public SchemaMigrator.Result prepare(Duration timeout) throws ClickHouseException {
        long deadline = clock.millis() + timeout.toMillis();
        Backoff startBackoff = new Backoff(settings.retryInitialBackoff(), settings.retryMaxBackoff());
        while (true) {
            try {
                SchemaMigrator.Result result = new SchemaMigrator(clickHouse, settings.database()).migrate();
                server = result.server();
                retention.applyTtl(server);
                prepared = true;
                log.atInfo().addKeyValue("server", server.text()).addKeyValue("database", settings.database())
                        .addKeyValue("schema_version", result.current())
                        .log("ClickHouse {} ready, schema at version {}", server, result.current());
                return result;
            } catch (ClickHouseException e) {
                lastError = e.getMessage();
                long wait = startBackoff.nextDelay().toMillis();
                if (e.code() != -1 || clock.millis() + wait > deadline) {
                    throw e;
                }
                log.atWarn().addKeyValue("error", e.getMessage()).log("ClickHouse not reachable yet, retrying in {} ms", wait);
                sleep(wait);
            }
        }
    }

    /** Consumes until {@link #stop()}; flushes and commits what it holds before returning. */
    public void run() {
        loop(() -> false);
    }

    /**
     * Consumes until every input partition is read up to its end offset as of this call
     * and everything read is in ClickHouse and committed, or until the timeout.
     *
     * @return whether it caught up (false: timed out or stopped)
     */
    public boolean runUntilCaughtUp(Duration timeout) {
        ensureClients();
        Map<TopicPartition, Long> targets = endOffsetsNow();
        long deadline = clock.millis() + timeout.toMillis();
        boolean[] caughtUp = {false};
        loop(() -> {
            if (clock.millis() > deadline) {
                return true;
            }
            caughtUp[0] = isCaughtUp(targets);
            return caughtUp[0];
        });
        return caughtUp[0];
    }

    public void stop() {
        stopped = true;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Ready once the schema is migrated and while inserts succeed. */
    public HealthCheck health() {
        return () -> {
            if (!prepared) {
                return HealthCheck.Status.down("schema not migrated yet" + (lastError.isEmpty() ? "" : ": " + lastError));
            }
            if (failing) {
                return HealthCheck.Status.down("consumption paused: " + lastError);
            }
            return HealthCheck.Status.up("ClickHouse " + server + ", database " + settings.database());
        };
    }

    public long recordsHandled() {
        return recordsHandled;
    }

    private void loop(BooleanSupplier done) {
        ensureClients();
        if (!prepared) {
            throw new IllegalStateException("call prepare() before consuming");
        }
        consumer.subscribe(settings.inputTopics(), new Rebalance());
        nextRetentionAtMillis = clock.millis();
        try {
            while (!stopped && !done.getAsBoolean()) {
                if (failing) {
                    waitAndRetry();
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                handleAll(records);
                updateLag();
                if (flushDue()) {
                    flush();
                }
                if (!failing && clock.millis() >= nextRetentionAtMillis) {
                    runRetention();
                }
            }
        } catch (WakeupException e) {
            if (!stopped) {
                throw e;
            }
        }
        finish();
    }

    /**
     * Handles the records of one poll. When the schema registry cannot be reached, the bytes
     * may be fine: the rest of the poll is read again later and the sink backs off.
     */
    private void handleAll(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, Long> rereadFrom = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (!rereadFrom.isEmpty()) {
                rereadFrom.putIfAbsent(tp, r.offset());
                continue;
            }
            try {
                handle(tp, r);
            } catch (SchemaRegistryException e) {
                rereadFrom.put(tp, r.offset());
                lastError = "schema registry: " + e.getMessage();
                onTransientFailure("schema registry unreachable", e.getMessage());
            }
        }
        rereadFrom.forEach(consumer::seek);
    }

    private void handle(TopicPartition tp, ConsumerRecord<byte[], byte[]> r) {
        Object value = null;
        RuntimeException decodeError = null;
        try {
            if (r.value() == null) {
                throw new IllegalArgumentException("record has no value (tombstone)");
            }
            value = valueDeserializer.deserialize(r.topic(), r.headers(), r.value());
        } catch (SchemaRegistryException e) {
            if (!(e instanceof SchemaNotFoundException)) {
                throw e;
            }
            decodeError = e;
        } catch (RuntimeException e) {
            decodeError = e;
        }
        firstUncommitted.putIfAbsent(tp, r.offset());
        nextOffsets.put(tp, r.offset() + 1);
        recordsHandled++;
        if (decodeError != null) {
            deadLetters.send(r, "undeserializable", "cannot decode the value: " + decodeError.getMessage(), decodeError);
            return;
        }
        try {
            RowRouter.Outcome outcome = router.route(value, clock.millis(), r);
            switch (outcome) {
                case BUFFERED -> {
                    if (firstBufferedAtMillis < 0) {
                        firstBufferedAtMillis = clock.millis();
                    }
                }
                case SKIPPED_SAMPLED_OUT -> metrics.skipped("sampled_out");
                case SKIPPED_RAW_FLOWS_OFF -> metrics.skipped("raw_flows_off");
            }
        } catch (InvalidRowException e) {
            deadLetters.send(r, "invalid_row", e.getMessage(), e);
        }
    }

    private boolean flushDue() {
        if (nextOffsets.isEmpty()) {
            return false;
        }
        if (router.bufferedRows() >= settings.batchRows()) {
            return true;
        }
        long since = firstBufferedAtMillis < 0 ? 0 : clock.millis() - firstBufferedAtMillis;
        // nothing buffered (only skipped or dead-lettered records): commit at the next chance
        return firstBufferedAtMillis < 0 || since >= settings.linger().toMillis();
    }

    /** Inserts every buffered batch, sends rejected rows to the DLQ and commits; on failure pauses. */
    private boolean flush() {
        try {
            for (TableBatch<?, ConsumerRecord<byte[], byte[]>> batch : router.nonEmptyBatches()) {
                for (RejectedRow<ConsumerRecord<byte[], byte[]>> rejected : inserter.insert(batch)) {
                    deadLetters.send(rejected.source(), "rejected_by_clickhouse", rejected.reason(), null);
                }
            }
        } catch (ClickHouseException e) {
            onInsertFailure(e);
            return false;
        }
        try {
            deadLetters.awaitSent();
            commit();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.atWarn().addKeyValue("error", e.toString())
                    .log("could not complete the dead letters or the commit, rereading from the last commit: {}", e.toString());
            rewind(consumer.assignment());
            return false;
        }
        if (failing) {
            log.atInfo().addKeyValue("retries", backoff.failures()).log("ClickHouse accepts inserts again, resuming");
            consumer.resume(consumer.paused());
            failing = false;
            metrics.paused(false);
        }
        backoff.reset();
        return true;
    }

    private void onInsertFailure(ClickHouseException e) {
        lastError = e.getMessage();
        onTransientFailure("ClickHouse insert failed", e.getMessage());
    }

    private void onTransientFailure(String what, String error) {
        metrics.retry();
        long wait = backoff.nextDelay().toMillis();
        nextRetryAtMillis = clock.millis() + wait;
        if (!failing) {
            failing = true;
            metrics.paused(true);
        }
        consumer.pause(consumer.assignment());
        log.atWarn().addKeyValue("error", error).addKeyValue("retry_in_ms", wait)
                .addKeyValue("buffered_rows", router.bufferedRows())
                .log("{}, consumption paused, retrying in {} ms: {}", what, wait, error);
    }

    private void waitAndRetry() {
        consumer.pause(consumer.assignment());
        long wait = Math.max(0, Math.min(POLL.toMillis(), nextRetryAtMillis - clock.millis()));
        ConsumerRecords<byte[], byte[]> late = consumer.poll(Duration.ofMillis(wait));
        // records of partitions assigned before the pause took effect: read them again later
        for (TopicPartition tp : late.partitions()) {
            consumer.seek(tp, late.records(tp).get(0).offset());
        }
        if (clock.millis() >= nextRetryAtMillis) {
            flush();
        }
    }

    private void commit() {
        if (nextOffsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next)));
        consumer.commitSync(offsets);
        nextOffsets.clear();
        firstUncommitted.clear();
        firstBufferedAtMillis = -1;
    }

    /** Drops what is buffered and moves the still-assigned partitions back to their last commit. */
    private void rewind(Collection<TopicPartition> stillAssigned) {
        router.clear();
        for (TopicPartition tp : stillAssigned) {
            Long first = firstUncommitted.get(tp);
            if (first != null) {
                consumer.seek(tp, first);
            }
        }
        nextOffsets.clear();
        firstUncommitted.clear();
        firstBufferedAtMillis = -1;
    }

    private void runRetention() {
        nextRetentionAtMillis = clock.millis() + settings.retentionCheckInterval().toMillis();
        if (server == null || server.supportsTtl()) {
            return;
        }
        try {
            metrics.partitionsDropped(retention.dropExpiredPartitions().size());
        } catch (ClickHouseException e) {
            log.atWarn().addKeyValue("error", e.getMessage()).log("retention check failed, trying again later: {}", e.getMessage());
        }
    }

    private void updateLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                lag += l.getAsLong();
            }
        }
        metrics.lag(lag);
    }

    private Map<TopicPartition, Long> endOffsetsNow() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : settings.inputTopics()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null) {
                for (PartitionInfo p : infos) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
        }
        return new HashMap<>(consumer.endOffsets(partitions));
    }

    private boolean isCaughtUp(Map<TopicPartition, Long> targets) {
        if (!nextOffsets.isEmpty() || failing) {
            return false;
        }
        Set<TopicPartition> assigned = consumer.assignment();
        if (!assigned.containsAll(targets.keySet())) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> e : targets.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Last flush on the way out, with retries until it succeeds or the sink is closed. */
    private void finish() {
        if (consumer == null || nextOffsets.isEmpty()) {
            return;
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            if (flush()) {
                return;
            }
            sleep(Math.max(0, nextRetryAtMillis - clock.millis()));
        }
        log.atWarn().addKeyValue("buffered_rows", router.bufferedRows())
                .log("stopping with {} rows not confirmed by ClickHouse; they will be read again from the last commit",
                        router.bufferedRows());
    }

    private void ensureClients() {
        if (consumer != null) {
            return;
        }
        Properties c = new Properties();
        c.putAll(settings.kafkaOverrides());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        c.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        c.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "flowpulse-sink");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.putAll(settings.kafkaOverrides());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "flowpulse-sink-dlq");
        dlqProducer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters = new DeadLetterPublisher(dlqProducer, settings.dlqTopic(), metrics);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        if (consumer != null) {
            consumer.close();
        }
        if (dlqProducer != null) {
            dlqProducer.close();
        }
        valueDeserializer.close();
    }

    /** Flushes before partitions go; if that fails, drops the buffers and rewinds the partitions kept. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (nextOffsets.isEmpty()) {
                return;
            }
            boolean flushed = false;
            try {
                flushed = !failing && flush();
            } catch (RuntimeException e) {
                log.atWarn().log("flush before rebalance failed: {}", e.toString());
            }
            if (!flushed) {
                Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
                kept.removeAll(revoked);
                rewind(kept);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (failing) {
                consumer.pause(assigned);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
            kept.removeAll(lost);
            rewind(kept);
        }
    }
}
