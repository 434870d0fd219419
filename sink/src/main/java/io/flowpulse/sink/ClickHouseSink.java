package io.flowpulse.sink;

import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.schemas.registry.SchemaNotFoundException;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.registry.SchemaRegistryException;
import io.flowpulse.schemas.serde.WireFormat;
import io.flowpulse.sink.avro.RowTranscoder;
import io.flowpulse.sink.avro.Transcoders;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * a round of inserts starts when {@code batchRows} rows are buffered or the oldest buffered
 * row waited {@code linger}. Inserts run on their own thread while the next records are
 * read and encoded (at most one round in flight; reading blocks when the next round is full
 * too). Offsets are committed only after ClickHouse confirmed every row of a round and its
 * dead letters were acknowledged, so a crash redelivers instead of losing, and the
 * ReplacingMergeTree tables absorb the redelivery.
 *
 * <p>Window records whose writer schema is the current generated schema go from their Avro
 * bytes straight to RowBinary ({@link Transcoders}); everything else is decoded into the
 * generated classes and mapped ({@link RowRouter}). Both give the same bytes.
 *
 * <p>While ClickHouse fails, the consumer is paused (it keeps polling so it stays in the
 * group), the round is retried with exponential backoff, and consumption resumes once it
 * succeeds. One thread runs {@link #run()} or {@link #runUntilCaughtUp}; {@link #stop()}
 * may be called from any thread.
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
    private final Backoff backoff;
    private final Clock clock;
    private final ExecutorService insertThread;
    /** Avro -> RowBinary without objects for the current window schemas; null when turned off. */
    private final Transcoders transcoders;

    private Consumer<byte[], byte[]> consumer;
    private Producer<byte[], byte[]> dlqProducer;
    private DeadLetterPublisher deadLetters;

    /** Records being read now. */
    private PendingRecords current;
    /** The round being inserted (or waiting for a retry), null when none. */
    private PendingRecords inFlight;
    private Future<?> inFlightInsert;
    private boolean failing;
    private long nextRetryAtMillis;
    private long nextRetentionAtMillis;
    private volatile boolean stopped;
    private volatile boolean prepared;
    private volatile boolean unhealthy;
    private volatile String lastError = "";
    private ServerVersion server;
    private long recordsHandled;
    private long recordsTranscoded;
    /** While draining up to these end offsets, a round starts as soon as everything is read, without lingering. */
    private Map<TopicPartition, Long> drainTargets;

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
        this.backoff = new Backoff(settings.retryInitialBackoff(), settings.retryMaxBackoff());
        this.current = newPending();
        this.transcoders = settings.transcodeAvro()
                ? new Transcoders(SchemaRegistryClient.builder(settings.registryUrl()).build()) : null;
        this.insertThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "clickhouse-insert");
            t.setDaemon(true);
            return t;
        });
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

    /** Consumes until {@link #stop()}; completes and commits what it holds before returning. */
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
        drainTargets = targets;
        try {
            loop(() -> {
                if (clock.millis() > deadline) {
                    return true;
                }
                caughtUp[0] = isCaughtUp(targets);
                return caughtUp[0];
            });
        } finally {
            drainTargets = null;
        }
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
            if (unhealthy) {
                return HealthCheck.Status.down("consumption paused: " + lastError);
            }
            return HealthCheck.Status.up("ClickHouse " + server + ", database " + settings.database());
        };
    }

    public long recordsHandled() {
        return recordsHandled;
    }

    /** Records that took the fast path from Avro bytes straight to a row. */
    public long recordsTranscoded() {
        return recordsTranscoded;
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
                completeInFlightIfDone();
                if (failing) {
                    waitAndRetry();
                    continue;
                }
                if (inFlight != null && current.bufferedRows() >= settings.batchRows()) {
                    // both rounds full: wait for ClickHouse instead of buffering more
                    awaitInFlight(POLL.toMillis());
                    continue;
                }
                handleAll(consumer.poll(POLL));
                updateLag();
                if (inFlight == null && roundDue()) {
                    startRound();
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
        if (records.isEmpty()) {
            return;
        }
        long now = clock.millis();
        long transcodedBefore = recordsTranscoded;
        TopicPartition failedAt = null;
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
            if (failedAt != null) {
                consumer.seek(tp, batch.get(0).offset());
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                try {
                    handle(tp, r, now);
                } catch (SchemaRegistryException e) {
                    failedAt = tp;
                    consumer.seek(tp, r.offset());
                    lastError = "schema registry: " + e.getMessage();
                    onTransientFailure("schema registry unreachable", e.getMessage());
                    break;
                }
            }
        }
        metrics.transcoded(recordsTranscoded - transcodedBefore);
    }

    private void handle(TopicPartition tp, ConsumerRecord<byte[], byte[]> r, long now) {
        if (transcoded(r, now)) {
            current.handled(tp, r.offset());
            current.buffered(now);
            recordsHandled++;
            recordsTranscoded++;
            return;
        }
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
        current.handled(tp, r.offset());
        recordsHandled++;
        if (decodeError != null) {
            deadLetters.send(r, "undeserializable", "cannot decode the value: " + decodeError.getMessage(), decodeError);
            return;
        }
        try {
            switch (current.rows.route(value, now, r)) {
                case BUFFERED -> current.buffered(now);
                case SKIPPED_SAMPLED_OUT -> metrics.skipped("sampled_out");
                case SKIPPED_RAW_FLOWS_OFF -> metrics.skipped("raw_flows_off");
            }
        } catch (InvalidRowException e) {
            deadLetters.send(r, "invalid_row", e.getMessage(), e);
        }
    }

    /** The fast path: a window record whose writer schema is the current one becomes a row without decoding. */
    private boolean transcoded(ConsumerRecord<byte[], byte[]> r, long now) {
        byte[] v = r.value();
        if (transcoders == null || v == null || v.length < WireFormat.HEADER_LENGTH || v[0] != WireFormat.MAGIC_BYTE) {
            return false;
        }
        int schemaId = ((v[1] & 0xFF) << 24) | ((v[2] & 0xFF) << 16) | ((v[3] & 0xFF) << 8) | (v[4] & 0xFF);
        Optional<RowTranscoder> transcoder = transcoders.forSchemaId(schemaId);
        return transcoder.isPresent()
                && current.rows.routeEncoded(transcoder.get(), v, WireFormat.HEADER_LENGTH, now, r);
    }

    private boolean roundDue() {
        if (current.isEmpty()) {
            return false;
        }
        // nothing buffered (only skipped or dead-lettered records): commit at the next chance
        return !current.hasRows() || current.bufferedRows() >= settings.batchRows()
                || current.waitedMillis(clock.millis()) >= settings.linger().toMillis()
                || (drainTargets != null && readUpTo(drainTargets));
    }

    /** Hands the records read so far to the insert thread and starts a new round of reading. */
    private void startRound() {
        inFlight = current;
        current = newPending();
        submitInFlight();
    }

    private void submitInFlight() {
        PendingRecords round = inFlight;
        inFlightInsert = insertThread.submit(() -> {
            round.insertAll(inserter);
            return null;
        });
    }

    private void completeInFlightIfDone() {
        if (inFlight != null && inFlightInsert != null && inFlightInsert.isDone()) {
            completeInFlight();
        }
    }

    /** Waits up to {@code millis} for the round in flight and completes it if it finished. */
    private void awaitInFlight(long millis) {
        if (inFlightInsert == null) {
            return;
        }
        try {
            inFlightInsert.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return;
        } catch (ExecutionException e) {
            // handled by completeInFlight
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        completeInFlight();
    }

    /** After an insert round ended: dead letters and commit on success, pause and backoff on failure. */
    private void completeInFlight() {
        Future<?> done = inFlightInsert;
        inFlightInsert = null;
        try {
            done.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ClickHouseException ch) {
                lastError = ch.getMessage();
                onTransientFailure("ClickHouse insert failed", ch.getMessage());
                return;
            }
            throw new IllegalStateException("insert thread failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inFlightInsert = done;
            return;
        }
        PendingRecords round = inFlight;
        try {
            for (RejectedRow<ConsumerRecord<byte[], byte[]>> rejected : round.rejected()) {
                deadLetters.send(rejected.source(), "rejected_by_clickhouse", rejected.reason(), null);
            }
            deadLetters.awaitSent();
            commit(round.nextOffsets());
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.atWarn().addKeyValue("error", e.toString())
                    .log("could not complete the dead letters or the commit, rereading from the last commit: {}", e.toString());
            rewind(consumer.assignment());
            return;
        }
        inFlight = null;
        if (failing) {
            log.atInfo().addKeyValue("retries", backoff.failures()).log("ClickHouse accepts inserts again, resuming");
            consumer.resume(consumer.paused());
            failing = false;
            unhealthy = false;
            metrics.paused(false);
        }
        backoff.reset();
    }

    private void onTransientFailure(String what, String error) {
        metrics.retry();
        long wait = backoff.nextDelay().toMillis();
        nextRetryAtMillis = clock.millis() + wait;
        if (!failing) {
            failing = true;
            unhealthy = true;
            metrics.paused(true);
        }
        consumer.pause(consumer.assignment());
        log.atWarn().addKeyValue("error", error).addKeyValue("retry_in_ms", wait)
                .addKeyValue("buffered_rows", current.bufferedRows() + (inFlight == null ? 0 : inFlight.bufferedRows()))
                .log("{}, consumption paused, retrying in {} ms: {}", what, wait, error);
    }

    /** While failing: keep polling (paused) to stay in the group, and retry when the backoff has passed. */
    private void waitAndRetry() {
        consumer.pause(consumer.assignment());
        long wait = Math.max(0, Math.min(POLL.toMillis(), nextRetryAtMillis - clock.millis()));
        ConsumerRecords<byte[], byte[]> late = consumer.poll(Duration.ofMillis(wait));
        // records of partitions assigned before the pause took effect: read them again later
        for (TopicPartition tp : late.partitions()) {
            consumer.seek(tp, late.records(tp).get(0).offset());
        }
        if (inFlightInsert != null || clock.millis() < nextRetryAtMillis) {
            return;
        }
        if (inFlight != null) {
            submitInFlight();
            awaitInFlight(settings.clickHouseTimeout().toMillis());
        } else if (!current.isEmpty()) {
            startRound();
            awaitInFlight(settings.clickHouseTimeout().toMillis());
        } else {
            // the registry failed with nothing buffered: read again
            consumer.resume(consumer.paused());
            failing = false;
            unhealthy = false;
            metrics.paused(false);
        }
    }

    private void commit(Map<TopicPartition, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next)));
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            if (!stopped) {
                throw e;
            }
            // stop() woke the consumer up while it was not polling: the wake-up is spent, commit now
            consumer.commitSync(offsets);
        }
    }

    /**
     * Drops everything not committed and moves the still-assigned partitions back to the
     * first offset not committed, so it is read again.
     */
    private void rewind(Collection<TopicPartition> stillAssigned) {
        if (inFlightInsert != null) {
            try {
                inFlightInsert.get(settings.clickHouseTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // its rows are read again either way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlightInsert = null;
        }
        Map<TopicPartition, Long> rewindTo = new HashMap<>(current.firstOffsets());
        if (inFlight != null) {
            rewindTo.putAll(inFlight.firstOffsets());
        }
        for (TopicPartition tp : stillAssigned) {
            Long first = rewindTo.get(tp);
            if (first != null) {
                consumer.seek(tp, first);
            }
        }
        inFlight = null;
        current = newPending();
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
        return current.isEmpty() && inFlight == null && !failing && readUpTo(targets);
    }

    /** Whether every target partition is assigned and read up to its target offset. */
    private boolean readUpTo(Map<TopicPartition, Long> targets) {
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

    /**
     * On the way out: completes the round in flight and inserts what is left, with a few
     * quick retries; what is still not confirmed is read again from the last commit next time.
     */
    private void finish() {
        if (consumer == null) {
            return;
        }
        for (int attempt = 0; attempt < 3 && (inFlight != null || !current.isEmpty()); attempt++) {
            if (inFlightInsert != null) {
                awaitInFlight(settings.clickHouseTimeout().toMillis());
            } else if (inFlight != null) {
                // shutting down: a short pause, not the full backoff
                sleep(Math.min(1_000, Math.max(0, nextRetryAtMillis - clock.millis())));
                submitInFlight();
                awaitInFlight(settings.clickHouseTimeout().toMillis());
            } else {
                startRound();
                awaitInFlight(settings.clickHouseTimeout().toMillis());
            }
        }
        if (inFlight != null || !current.isEmpty()) {
            log.atWarn().log("stopping with rows not confirmed by ClickHouse; they will be read again from the last commit");
        }
    }

    private PendingRecords newPending() {
        return new PendingRecords(settings.rawFlows(), settings.flowSampleRatio());
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
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50000");
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
        insertThread.shutdownNow();
        if (consumer != null) {
            consumer.close();
        }
        if (dlqProducer != null) {
            dlqProducer.close();
        }
        valueDeserializer.close();
    }

    /** Completes and commits before partitions go; if that fails, drops the rounds and rewinds the partitions kept. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (inFlight == null && current.isEmpty()) {
                return;
            }
            try {
                if (!failing) {
                    if (inFlightInsert != null) {
                        awaitInFlight(settings.clickHouseTimeout().toMillis());
                    }
                    if (!failing && inFlight == null && !current.isEmpty()) {
                        startRound();
                        awaitInFlight(settings.clickHouseTimeout().toMillis());
                    }
                }
            } catch (RuntimeException e) {
                log.atWarn().log("completing inserts before a rebalance failed: {}", e.toString());
            }
            if (inFlight != null || !current.isEmpty()) {
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
