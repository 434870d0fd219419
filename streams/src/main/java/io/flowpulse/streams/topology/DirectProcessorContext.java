package io.flowpulse.streams.topology;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * What a processor of the topology needs from its task when {@link InProcessTopology} runs it: its task
 * id, its stores, a downstream to forward to (called at once, on the caller's thread) and wall-clock
 * punctuations, fired when the driver asks ({@link #punctuateDue}).
 */
final class DirectProcessorContext<K, V> implements ProcessorContext<K, V> {

    private final TaskId taskId;
    private final Map<String, StateStore> stores;
    private final Consumer<Record<K, V>> downstream;
    private final List<Punctuation> punctuations = new ArrayList<>();

    DirectProcessorContext(TaskId taskId, Map<String, StateStore> stores, Consumer<Record<K, V>> downstream) {
        this.taskId = taskId;
        this.stores = Map.copyOf(stores);
        this.downstream = downstream;
    }

    /** Fires the wall-clock punctuations whose time has come. */
    void punctuateDue(long wallClockMillis) {
        for (Punctuation punctuation : List.copyOf(punctuations)) {
            if (!punctuation.cancelled && wallClockMillis >= punctuation.due) {
                punctuation.due = wallClockMillis + punctuation.intervalMillis;
                punctuation.punctuator.punctuate(wallClockMillis);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record) {
        downstream.accept((Record<K, V>) record);
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record, String childName) {
        forward(record);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S extends StateStore> S getStateStore(String name) {
        StateStore store = stores.get(name);
        if (store == null) {
            throw new IllegalArgumentException("no state store " + name + " in task " + taskId);
        }
        return (S) store;
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
        if (type != PunctuationType.WALL_CLOCK_TIME) {
            throw new UnsupportedOperationException("only wall-clock punctuation runs in process");
        }
        Punctuation punctuation = new Punctuation(interval.toMillis(), callback,
                System.currentTimeMillis() + interval.toMillis());
        punctuations.add(punctuation);
        return () -> punctuation.cancelled = true;
    }

    @Override
    public Cancellable schedule(Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
        return schedule(interval, type, callback);
    }

    @Override
    public String applicationId() {
        return "flowpulse-in-process";
    }

    @Override
    public TaskId taskId() {
        return taskId;
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return Optional.empty();
    }

    @Override
    public Serde<?> keySerde() {
        throw new UnsupportedOperationException("the in-process topology passes objects, not bytes");
    }

    @Override
    public Serde<?> valueSerde() {
        throw new UnsupportedOperationException("the in-process topology passes objects, not bytes");
    }

    @Override
    public File stateDir() {
        throw new UnsupportedOperationException("the in-process topology keeps its state in memory");
    }

    @Override
    public StreamsMetrics metrics() {
        throw new UnsupportedOperationException("the in-process topology reports through PipelineMetrics");
    }

    @Override
    public void commit() {
    }

    @Override
    public Map<String, Object> appConfigs() {
        return Map.of();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
        return Map.of();
    }

    @Override
    public long currentSystemTimeMs() {
        return System.currentTimeMillis();
    }

    @Override
    public long currentStreamTimeMs() {
        throw new UnsupportedOperationException("the processors keep their own event time");
    }

    private static final class Punctuation {
        final long intervalMillis;
        final Punctuator punctuator;
        long due;
        boolean cancelled;

        Punctuation(long intervalMillis, Punctuator punctuator, long due) {
            this.intervalMillis = intervalMillis;
            this.punctuator = punctuator;
            this.due = due;
        }
    }
}
