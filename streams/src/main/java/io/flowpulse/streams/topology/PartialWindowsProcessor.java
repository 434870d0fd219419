package io.flowpulse.streams.topology;

import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.streams.logic.latency.PendingSyn;
import io.flowpulse.streams.logic.latency.TcpHandshakeMatcher;
import io.flowpulse.streams.logic.naming.EndpointNamer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 1, one task per partition of the flows topic. Pre-aggregates per (output key, window) in a
 * store, using the partition's own event time: the largest event time it has read. When that time
 * passes {@code window end + grace}, the window's partial aggregates go to the partials topic,
 * followed by a {@link Watermark} broadcast to every partials partition. A record whose window has
 * already been closed here is counted as late and not added. A key new to a window that already
 * holds {@link TopologySettings#maxKeysPerWindow()} keys of its type goes to the overflow key
 * ({@link WindowKeyGuard}), so that a flood of new keys cannot exhaust the memory.
 *
 * <p>Because every task tracks only its own partition, how fast other partitions are read cannot
 * make records late; stage 2 waits for the slowest partition through the watermarks.
 */
final class PartialWindowsProcessor implements Processor<String, SpecificRecord, String, byte[]> {

    static final String MAX_EVENT_TIME = "max-event-time";
    static final String CLOSED_UP_TO = "closed-up-to";

    private final TopologySettings settings;
    private final InventoryHolder inventory;
    private final PipelineMetrics metrics;
    private final AggregateTypes types;
    private final RecordContributions contributions;
    private final String windowsStoreName;
    private final String progressStoreName;
    private final String handshakesStoreName;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> openWindows;
    /**
     * The open aggregates of the store, decoded, so that each record costs one encoding and no decoding.
     * The store stays the truth (written through on every change); rebuilt lazily after init.
     */
    private final Map<String, Object> decodedWindows = new HashMap<>();
    private KeyValueStore<String, Long> progress;
    private int partition;
    private long maxEventTime;
    private long closedUpTo;
    private EndpointNamer namer;
    private TcpHandshakeMatcher handshakes;
    private WindowKeyGuard keyGuard;
    /** Wall-clock time of the last record read, for idleness. */
    private long lastRecordWallClock;

    PartialWindowsProcessor(TopologySettings settings, AggregateTypes types, InventoryHolder inventory,
                            PipelineMetrics metrics, String windowsStoreName, String progressStoreName,
                            String handshakesStoreName) {
        this.settings = settings;
        this.inventory = inventory;
        this.metrics = metrics;
        this.types = types;
        this.contributions = new RecordContributions(settings.windowSize(), types);
        this.windowsStoreName = windowsStoreName;
        this.progressStoreName = progressStoreName;
        this.handshakesStoreName = handshakesStoreName;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.openWindows = context.getStateStore(windowsStoreName);
        this.decodedWindows.clear();
        this.progress = context.getStateStore(progressStoreName);
        this.partition = context.taskId().partition();
        KeyValueStore<String, byte[]> pendingSyns = context.getStateStore(handshakesStoreName);
        this.handshakes = new TcpHandshakeMatcher(new StoreKeyValueState<>(pendingSyns, PendingSyn.CODEC), settings.handshakeTimeout());
        this.maxEventTime = valueOr(progress.get(MAX_EVENT_TIME), Long.MIN_VALUE);
        this.closedUpTo = valueOr(progress.get(CLOSED_UP_TO), Long.MIN_VALUE);
        this.keyGuard = new WindowKeyGuard(settings.maxKeysPerWindow(), types, partition, (type, first) -> {
            metrics.overflowContributions(type.name()).increment();
            if (first) {
                metrics.windowOverflows(type.name()).increment();
            }
        });
        try (KeyValueIterator<String, byte[]> open = openWindows.all()) {
            open.forEachRemaining(entry -> keyGuard.restored(entry.key));
        }
        lastRecordWallClock = context.currentSystemTimeMs();
        context.schedule(settings.watermarkInterval(), PunctuationType.WALL_CLOCK_TIME, this::repeatWatermark);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        lastRecordWallClock = context.currentSystemTimeMs();
        if (EndOfStream.isMarker(record.key())) {
            metrics.endMarkers().increment();
            closeWindowsUpTo(Long.MAX_VALUE);
            return;
        }
        SpecificRecord value = record.value();
        if (value == null) {
            throw new IllegalArgumentException("flows record with key '" + record.key()
                    + "' has no value; only the end marker (key " + EndOfStream.KEY + ") may be null");
        }
        metrics.inputRecords().increment();
        Instant time = eventTime(value);
        if (isLate(time)) {
            metrics.lateRecords().increment();
            return;
        }
        List<Contribution<?>> added = new ArrayList<>();
        if (value instanceof Flow flow) {
            EndpointNamer names = namer();
            added.addAll(contributions.of(flow, names));
            handshakes.onFlow(flow, names).ifPresent(sample -> added.addAll(contributions.of(sample)));
        } else {
            added.addAll(contributions.of((LostEvents) value));
        }
        for (Contribution<?> contribution : added) {
            add(contribution);
        }
        advanceTo(time.toEpochMilli());
    }

    private static Instant eventTime(SpecificRecord value) {
        if (value instanceof Flow flow) {
            return flow.getTime();
        }
        if (value instanceof LostEvents lost) {
            return lost.getTime();
        }
        throw new IllegalArgumentException("unexpected value type on the flows topic: " + value.getClass().getName());
    }

    private boolean isLate(Instant time) {
        return contributions.windowOf(time).end().toEpochMilli() <= closedUpTo;
    }

    private void add(Contribution<?> contribution) {
        if (contribution.window().end().toEpochMilli() <= closedUpTo) {
            metrics.lateSamples().increment();
            return;
        }
        String key = contribution.windowedKey().asString();
        Object decoded = decodedWindows.get(key);
        byte[] stored = decoded == null ? openWindows.get(key) : null;
        if (decoded == null && stored == null) {
            Contribution<?> admitted = keyGuard.admitNew(contribution);
            if (admitted != contribution) {
                String overflowKey = admitted.windowedKey().asString();
                Object overflow = decodedWindows.get(overflowKey);
                put(admitted, overflowKey, overflow, overflow == null ? openWindows.get(overflowKey) : null);
                return;
            }
        }
        put(contribution, key, decoded, stored);
    }

    /** Merges the contribution into what its key holds (decoded, else stored, else nothing) and writes through. */
    private void put(Contribution<?> contribution, String key, Object decoded, byte[] stored) {
        Object merged = contribution.mergedInto(decoded, () -> stored);
        openWindows.put(key, contribution.encode(merged));
        decodedWindows.put(key, merged);
    }

    private void advanceTo(long eventTime) {
        if (eventTime <= maxEventTime) {
            return;
        }
        maxEventTime = eventTime;
        progress.put(MAX_EVENT_TIME, maxEventTime);
        long closable = Math.floorDiv(maxEventTime - settings.graceMillis(), settings.windowMillis()) * settings.windowMillis();
        if (closable > closedUpTo) {
            closeWindowsUpTo(closable);
        }
    }

    /** Emits and forgets every window ending at or before {@code bound}, then broadcasts the new watermark. */
    private void closeWindowsUpTo(long bound) {
        emitPartials(bound == Long.MAX_VALUE ? Long.MAX_VALUE : bound - settings.windowMillis());
        if (maxEventTime != Long.MIN_VALUE) {
            handshakes.expireBefore(EpochMicros.of(Instant.ofEpochMilli(maxEventTime)));
        }
        closedUpTo = Math.max(closedUpTo, bound);
        progress.put(CLOSED_UP_TO, closedUpTo);
        sendWatermark();
    }

    /** Sends the partial aggregates of the open windows starting at or before {@code lastStart} and forgets them. */
    private void emitPartials(long lastStart) {
        List<String> closed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> windows = openWindows.range(WindowedKey.lowest(),
                WindowedKey.upperBoundForStartsUpTo(lastStart))) {
            while (windows.hasNext()) {
                KeyValue<String, byte[]> entry = windows.next();
                WindowedKey key = WindowedKey.parse(entry.key);
                PartialAggregate partial = new PartialAggregate(key.tag(), key.windowStartMillis(), key.outputKey(), entry.value);
                context.forward(new Record<>(partial.recordKey(), partial.toValueBytes(),
                        Math.max(0, key.windowStartMillis())));
                metrics.partialsEmitted().increment();
                closed.add(entry.key);
            }
        }
        for (String key : closed) {
            openWindows.delete(key);
            decodedWindows.remove(key);
        }
        keyGuard.forgetUpTo(lastStart);
    }

    /**
     * Repeats the watermark (a stage-2 task that restarted hears it again) and tells stage 2 that this
     * partition is idle once it has had no record for the idle timeout, so that a partition without
     * traffic does not hold every window open.
     */
    private void repeatWatermark(long wallClockNow) {
        Duration idleTimeout = settings.idleTimeout();
        boolean idle = !idleTimeout.isZero() && closedUpTo != Long.MAX_VALUE
                && wallClockNow - lastRecordWallClock >= idleTimeout.toMillis();
        if (idle) {
            // Stage 2 will close windows without waiting for this partition, so hand over what it holds;
            // partials merge, so records that still come for these windows are not lost either.
            emitPartials(Long.MAX_VALUE);
        }
        sendWatermark(idle);
    }

    private void sendWatermark() {
        sendWatermark(false);
    }

    private void sendWatermark(boolean idle) {
        Watermark watermark = new Watermark(partition, closedUpTo, maxEventTime, idle);
        context.forward(new Record<>(Watermark.KEY, watermark.toBytes(), Math.max(0, maxEventTime)));
        metrics.watermarksSent().increment();
    }

    private EndpointNamer namer() {
        if (namer == null || namer.inventory() != inventory.current()) {
            namer = new EndpointNamer(inventory.current());
        }
        return namer;
    }

    private static long valueOr(Long value, long fallback) {
        return value == null ? fallback : value;
    }
}
