package io.flowpulse.alerting;

import io.flowpulse.runtime.Backoff;
import io.flowpulse.schemas.avro.Alert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the alerts topic and hands every record to every target, in order per partition. A
 * record's offset is committed once each target took it or refused it for good, so a restart
 * resends nothing that was delivered and everything that was not. A target that fails is retried
 * with exponential backoff, without limit, and without holding back the targets that took it:
 * only the failing one is asked again. While it waits the loop keeps polling with its partitions
 * paused, so the consumer stays in its group.
 *
 * <p>The alerts it has seen fire and not resolve are posted again every refresh interval to the
 * targets that {@link AlertTarget#refreshes() want that} (Alertmanager).
 */
public final class AlertDeliveryLoop {

    private static final Logger log = LoggerFactory.getLogger(AlertDeliveryLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final Deserializer<Object> values;
    private final String topic;
    private final List<AlertTarget> targets;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration refreshInterval;
    private final ForwarderMetrics metrics;
    private final ForwarderHealth health;
    private final Clock clock;
    private final Map<String, Alert> firing = new LinkedHashMap<>();
    private final Set<TopicPartition> revokedSincePoll = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private Instant lastRefresh;

    /**
     * @param consumer reads {@code topic}; auto-commit off, in a consumer group
     * @param values   decodes record values (the schema registry's Avro)
     */
    public AlertDeliveryLoop(Consumer<byte[], byte[]> consumer, Deserializer<Object> values, String topic,
                             List<AlertTarget> targets, Duration initialBackoff, Duration maxBackoff,
                             Duration refreshInterval, ForwarderMetrics metrics, ForwarderHealth health, Clock clock) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target to forward alerts to");
        }
        new Backoff(initialBackoff, maxBackoff); // checks the pair once, here
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.values = Objects.requireNonNull(values, "values");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.targets = List.copyOf(targets);
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.refreshInterval = refreshInterval;
        this.metrics = metrics;
        this.health = health;
        this.clock = clock;
    }

    /** Consumes until {@link #stop()}; the record being delivered then is left uncommitted. */
    public void run() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                revokedSincePoll.addAll(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                revokedSincePoll.addAll(partitions);
            }
        });
        lastRefresh = clock.instant();
        try {
            while (!stopping) {
                refreshIfDue();
                revokedSincePoll.clear();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                        if (stopping || revokedSincePoll.contains(partition) || !handle(record, partition)) {
                            break;
                        }
                        commit(partition, record.offset() + 1);
                    }
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        }
    }

    /** Asks the loop to end; safe from any thread. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** The alerts seen firing and not resolved since the start, by id; a copy. */
    public synchronized Map<String, Alert> firing() {
        return new LinkedHashMap<>(firing);
    }

    /** Delivers one record to every target; false when it stopped or lost the partition before the end. */
    private boolean handle(ConsumerRecord<byte[], byte[]> record, TopicPartition partition) {
        Alert alert = decode(record);
        if (alert == null) {
            return true;
        }
        String deliveryId = record.topic() + "/" + record.partition() + "/" + record.offset();
        List<AlertTarget> pending = new ArrayList<>(targets);
        Backoff backoff = new Backoff(initialBackoff, maxBackoff);
        while (true) {
            String lastFailure = null;
            for (var it = pending.iterator(); it.hasNext(); ) {
                AlertTarget target = it.next();
                DeliveryResult result = target.send(alert, deliveryId, clock.instant());
                switch (result.outcome()) {
                    case DELIVERED -> {
                        metrics.delivered(target.name());
                        health.succeeded(target.name());
                        it.remove();
                    }
                    case REJECTED -> {
                        metrics.rejected(target.name());
                        health.succeeded(target.name());
                        log.warn("{} refused alert {} ({} {}), skipping it there: {}", target.name(), alert.getId(),
                                alert.getState(), deliveryId, result.detail());
                        it.remove();
                    }
                    case RETRY -> {
                        metrics.failed(target.name());
                        health.failed(target.name(), result.detail(), clock.instant());
                        lastFailure = target.name() + ": " + result.detail();
                    }
                }
            }
            if (pending.isEmpty()) {
                remember(alert);
                return true;
            }
            Duration wait = backoff.nextDelay();
            log.warn("alert {} ({} {}) not delivered, attempt {} ({}); retrying in {} ms", alert.getId(),
                    alert.getState(), deliveryId, backoff.failures(), lastFailure, wait.toMillis());
            if (!waitInGroup(wait, partition)) {
                return false;
            }
        }
    }

    private Alert decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            Object value = record.value() == null ? null : values.deserialize(record.topic(), record.headers(), record.value());
            if (value instanceof Alert alert) {
                return alert;
            }
            log.warn("skipping {}/{}/{}: not an Alert ({})", record.topic(), record.partition(), record.offset(),
                    value == null ? "no value" : value.getClass().getSimpleName());
        } catch (RuntimeException e) {
            log.warn("skipping {}/{}/{}: cannot decode it: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
        metrics.undecodable();
        return null;
    }

    private synchronized void remember(Alert alert) {
        if (AlertPayloads.isResolved(alert)) {
            firing.remove(alert.getId());
        } else {
            firing.put(alert.getId(), alert);
        }
        metrics.firing(firing.size());
    }

    /**
     * Waits with every partition paused, polling so that the consumer stays in its group. Records
     * of partitions assigned meanwhile (not paused yet) are rewound to be read again in order.
     * False when asked to stop or when {@code partition} was taken away.
     */
    private boolean waitInGroup(Duration wait, TopicPartition partition) {
        long end = System.nanoTime() + wait.toNanos();
        try {
            consumer.pause(consumer.assignment());
            while (!stopping) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                ConsumerRecords<byte[], byte[]> stray = consumer.poll(Duration.ofNanos(left));
                for (TopicPartition p : stray.partitions()) {
                    consumer.seek(p, stray.records(p).get(0).offset());
                }
                consumer.pause(consumer.assignment());
                if (revokedSincePoll.contains(partition)) {
                    return false;
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            if (!stopping) {
                consumer.resume(consumer.assignment());
            }
        }
        return !stopping && !revokedSincePoll.contains(partition);
    }

    private void commit(TopicPartition partition, long next) {
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(partition, new OffsetAndMetadata(next));
        try {
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException stopAsked) {
                // the record was delivered: commit it before stopping, or a restart would send it again
                consumer.commitSync(offsets);
            }
            metrics.recordDone();
        } catch (CommitFailedException | RebalanceInProgressException e) {
            log.warn("cannot commit {} at {} ({}); its next owner may deliver that record again", partition, next,
                    e.getMessage());
        }
    }

    private void refreshIfDue() {
        Instant now = clock.instant();
        if (Duration.between(lastRefresh, now).compareTo(refreshInterval) < 0) {
            return;
        }
        lastRefresh = now;
        List<Alert> current = List.copyOf(firing().values());
        if (current.isEmpty()) {
            return;
        }
        for (AlertTarget target : targets) {
            if (!target.refreshes()) {
                continue;
            }
            DeliveryResult result = target.refresh(current, now);
            if (result.outcome() == DeliveryResult.Outcome.DELIVERED) {
                metrics.refreshed(target.name());
                health.succeeded(target.name());
            } else {
                metrics.failed(target.name());
                health.failed(target.name(), result.detail(), now);
                log.warn("reposting {} firing alerts to {} failed: {}", current.size(), target.name(), result.detail());
            }
        }
    }
}
