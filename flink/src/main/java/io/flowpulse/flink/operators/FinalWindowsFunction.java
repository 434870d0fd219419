package io.flowpulse.flink.operators;

import io.flowpulse.flink.JobParams;
import io.flowpulse.flink.model.WindowPart;
import io.flowpulse.flink.state.OpenAggregate;
import io.flowpulse.flink.state.OpenAggregateSerializer;
import io.flowpulse.streams.topology.DnsAggregateType;
import io.flowpulse.streams.topology.LatencyAggregateType;
import io.flowpulse.streams.topology.LinkAggregateType;
import io.flowpulse.streams.topology.LostEventsAggregateType;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2, keyed by {@code <type tag>|<output key>}: the Flink form of the streams module's
 * {@code FinalWindowsProcessor}. Merges the partial aggregates of every flows partition per window
 * and emits the final aggregate once the watermark has passed the window's end: the watermark is
 * the minimum over the flows partitions of {@code largest event time - grace}, so by then every
 * partition has closed the window in stage 1 and sent its part ahead of that watermark.
 *
 * <p>A partial that arrives for a window already closed here (its partition had been idle and the
 * others moved on) is counted ({@link JobCounter#LATE_PARTIALS}), logged and not added.
 */
public final class FinalWindowsFunction extends KeyedProcessFunction<String, WindowPart, WindowPart> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FinalWindowsFunction.class);

    private final JobParams params;

    private transient MapState<Long, OpenAggregate> windows;
    private transient JobCounter latePartials;
    private transient JobCounter windowsClosed;

    public FinalWindowsFunction(JobParams params) {
        this.params = params;
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>("windows", LongSerializer.INSTANCE,
                OpenAggregateSerializer.INSTANCE));
        latePartials = JobCounter.of(getRuntimeContext(), JobCounter.LATE_PARTIALS);
        windowsClosed = JobCounter.of(getRuntimeContext(), JobCounter.WINDOWS_CLOSED);
    }

    @Override
    public void processElement(WindowPart part, Context ctx, Collector<WindowPart> out) throws Exception {
        long lastMillis = part.windowStart + params.windowMillis() - 1;
        if (lastMillis <= ctx.timerService().currentWatermark()) {
            latePartials.increment();
            LOG.error("partial aggregate {} of window {} arrived after the watermark ({}) passed the window; not added",
                    part.aggregateKey(), Instant.ofEpochMilli(part.windowStart),
                    Instant.ofEpochMilli(ctx.timerService().currentWatermark()));
            return;
        }
        OpenAggregate partial = OpenAggregate.decode(part.tag, part.aggregate);
        OpenAggregate current = windows.get(part.windowStart);
        windows.put(part.windowStart, current == null ? partial : current.merge(partial));
        ctx.timerService().registerEventTimeTimer(lastMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowPart> out) throws Exception {
        long start = timestamp + 1 - params.windowMillis();
        OpenAggregate aggregate = windows.get(start);
        if (aggregate == null) {
            return;
        }
        windows.remove(start);
        String key = ctx.getCurrentKey();
        out.collect(new WindowPart(key.charAt(0), key.substring(2), start, aggregate.encode()));
        windowsClosed.increment();
    }

    /** The name of an aggregate type, for logs and metrics. */
    public static String typeName(char tag) {
        return switch (tag) {
            case LinkAggregateType.TAG -> "link";
            case DnsAggregateType.TAG -> "dns";
            case LatencyAggregateType.TAG -> "latency";
            case LostEventsAggregateType.TAG -> "lost-events";
            default -> String.valueOf(tag);
        };
    }
}
