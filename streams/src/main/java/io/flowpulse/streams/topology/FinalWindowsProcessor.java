package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.topology.ClosedWindowListener.ClosedAggregate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2, one task per partition of the partials topic. Merges the partial aggregates of every
 * stage-1 task per (key, window) and emits the final record of a window once the watermarks of ALL
 * flows partitions have passed its end. Then it tells the {@link ClosedWindowListener} (the alerts)
 * about every closed window in order.
 */
final class FinalWindowsProcessor implements Processor<String, byte[], String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(FinalWindowsProcessor.class);
    static final String CLOSED_UP_TO = "closed-up-to";
    static final String LAST_REPORTED = "last-reported-window";
    static final String WATERMARK_PREFIX = "wm:";
    static final String MAX_EVENT_TIME_PREFIX = "max:";

    private final TopologySettings settings;
    private final AggregateTypes types;
    private final PipelineMetrics metrics;
    private final ClosedWindowListener.Factory listenerFactory;
    private final String windowsStoreName;
    private final String progressStoreName;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, byte[]> openWindows;
    private KeyValueStore<String, Long> progress;
    private WatermarkTracker watermarks;
    private ClosedWindowListener listener;
    private long closedUpTo;
    /** Start of the last window reported to the listener; MIN before the first one. */
    private long lastReportedStart;

    FinalWindowsProcessor(TopologySettings settings, AggregateTypes types, PipelineMetrics metrics, ClosedWindowListener.Factory listenerFactory,
                          String windowsStoreName, String progressStoreName) {
        this.settings = settings;
        this.types = types;
        this.metrics = metrics;
        this.listenerFactory = listenerFactory;
        this.windowsStoreName = windowsStoreName;
        this.progressStoreName = progressStoreName;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.openWindows = context.getStateStore(windowsStoreName);
        this.progress = context.getStateStore(progressStoreName);
        this.listener = listenerFactory.forTask(context);
        this.watermarks = new WatermarkTracker(settings.flowsPartitions());
        for (int p = 0; p < settings.flowsPartitions(); p++) {
            Long closed = progress.get(WATERMARK_PREFIX + p);
            Long max = progress.get(MAX_EVENT_TIME_PREFIX + p);
            if (closed != null) {
                watermarks.update(new Watermark(p, closed, max == null ? Long.MIN_VALUE : max));
            }
        }
        Long closed = progress.get(CLOSED_UP_TO);
        closedUpTo = closed == null ? Long.MIN_VALUE : closed;
        Long reported = progress.get(LAST_REPORTED);
        lastReportedStart = reported == null ? Long.MIN_VALUE : reported;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (Watermark.isWatermarkKey(record.key())) {
            onWatermark(Watermark.fromBytes(record.value()));
            return;
        }
        PartialAggregate partial = PartialAggregate.fromRecord(record.key(), record.value());
        long windowEnd = partial.windowStartMillis() + settings.windowMillis();
        if (windowEnd <= closedUpTo) {
            metrics.latePartials().increment();
            LOG.error("partial aggregate {} of window {} arrived after stage 2 closed windows up to {}; not added",
                    partial.recordKey(), Instant.ofEpochMilli(partial.windowStartMillis()), Instant.ofEpochMilli(closedUpTo));
            return;
        }
        String key = partial.windowedKey().asString();
        byte[] stored = openWindows.get(key);
        openWindows.put(key, stored == null ? partial.aggregate()
                : types.mergeEncoded(partial.tag(), stored, partial.aggregate()));
    }

    private void onWatermark(Watermark watermark) {
        metrics.watermarksReceived().increment();
        watermarks.update(watermark);
        int p = watermark.upstreamPartition();
        progress.put(WATERMARK_PREFIX + p, watermarks.closedUpTo(p));
        progress.put(MAX_EVENT_TIME_PREFIX + p, Math.max(watermark.maxEventTime(),
                valueOr(progress.get(MAX_EVENT_TIME_PREFIX + p), Long.MIN_VALUE)));
        long complete = watermarks.completeUpTo();
        if (complete > closedUpTo) {
            closeUpTo(complete);
        }
    }

    private void closeUpTo(long bound) {
        long windowMillis = settings.windowMillis();
        String upper = bound == Long.MAX_VALUE ? WindowedKey.upperBoundForStartsUpTo(Long.MAX_VALUE)
                : WindowedKey.upperBoundForStartsUpTo(bound - windowMillis);
        TreeMap<Long, List<ClosedAggregate>> byWindow = new TreeMap<>();
        List<String> closedKeys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = openWindows.range(WindowedKey.lowest(), upper)) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> entry = entries.next();
                WindowedKey key = WindowedKey.parse(entry.key);
                byWindow.computeIfAbsent(key.windowStartMillis(), start -> new ArrayList<>())
                        .add(decode(key, entry.value));
                closedKeys.add(entry.key);
            }
        }
        reportWindows(byWindow, lastWindowStart(bound, byWindow));
        closedKeys.forEach(openWindows::delete);
        closedUpTo = bound;
        progress.put(CLOSED_UP_TO, closedUpTo);
    }

    /**
     * The last window a bound closes; at the end of the stream (unbounded) the window of the latest
     * event any partition has seen, so that windows without records here are reported up to there.
     */
    private long lastWindowStart(long bound, TreeMap<Long, List<ClosedAggregate>> byWindow) {
        long windowMillis = settings.windowMillis();
        if (bound != Long.MAX_VALUE) {
            return bound - windowMillis;
        }
        long latest = watermarks.maxEventTime();
        long lastStart = latest == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(latest, windowMillis) * windowMillis;
        return byWindow.isEmpty() ? lastStart : Math.max(lastStart, byWindow.lastKey());
    }

    /**
     * Emits the windows not yet reported, in order: each window with aggregates, then the last window
     * of this close even without any (so that alerts of this task see it close).
     */
    private void reportWindows(TreeMap<Long, List<ClosedAggregate>> byWindow, long lastStart) {
        for (Map.Entry<Long, List<ClosedAggregate>> window : byWindow.entrySet()) {
            boolean unreported = lastReportedStart == Long.MIN_VALUE || window.getKey() > lastReportedStart;
            closeWindow(window.getKey(), window.getValue(), unreported);
            if (unreported) {
                lastReportedStart = window.getKey();
            }
        }
        if (lastStart != Long.MIN_VALUE && lastReportedStart != Long.MIN_VALUE && lastStart > lastReportedStart) {
            closeWindow(lastStart, List.of(), true);
            lastReportedStart = lastStart;
        }
        progress.put(LAST_REPORTED, lastReportedStart);
    }

    private void closeWindow(long startMillis, List<ClosedAggregate> aggregates, boolean toListener) {
        TimeWindow window = TimeWindow.startingAt(Instant.ofEpochMilli(startMillis), settings.windowSize());
        long timestamp = Math.max(0, startMillis);
        for (ClosedAggregate aggregate : aggregates) {
            if (aggregate.finalRecord() != null) {
                context.forward(new Record<>(aggregate.outputKey(), aggregate.finalRecord(), timestamp));
                metrics.windowsClosed(typeName(aggregate.tag())).increment();
            }
        }
        if (!toListener) {
            return;
        }
        List<KeyValue<String, SpecificRecord>> emitted;
        try {
            emitted = listener.onWindowClosed(window, aggregates);
        } catch (RuntimeException e) {
            // The window's results are out already; a failing rule must not make the close repeat them.
            metrics.alertErrors().increment();
            LOG.error("alert evaluation of window {} failed; no alerts for it", window, e);
            return;
        }
        for (KeyValue<String, SpecificRecord> record : emitted) {
            context.forward(new Record<>(record.key, record.value, timestamp));
        }
    }

    private ClosedAggregate decode(WindowedKey key, byte[] bytes) {
        return decode(types.byTag(key.tag()), key, bytes);
    }

    private <A> ClosedAggregate decode(AggregateType<A> type, WindowedKey key, byte[] bytes) {
        A aggregate = type.codec().decode(bytes);
        TimeWindow window = TimeWindow.startingAt(Instant.ofEpochMilli(key.windowStartMillis()), settings.windowSize());
        return new ClosedAggregate(key.tag(), key.outputKey(), aggregate, type.finalRecord(key.outputKey(), window, aggregate));
    }

    private static String typeName(char tag) {
        return switch (tag) {
            case LinkAggregateType.TAG -> "link";
            case DnsAggregateType.TAG -> "dns";
            case LatencyAggregateType.TAG -> "latency";
            default -> String.valueOf(tag);
        };
    }

    private static long valueOr(Long value, long fallback) {
        return value == null ? fallback : value;
    }
}
