package io.flowpulse.flink.operators;

import io.flowpulse.streams.logic.codec.AlertProgressCodec;
import io.flowpulse.flink.JobParams;
import io.flowpulse.flink.kafka.AvroBinary;
import io.flowpulse.flink.model.AlertChange;
import io.flowpulse.flink.model.WindowPart;
import io.flowpulse.flink.state.MapStateKeyValueState;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.streams.logic.alert.AlertEvaluator;
import io.flowpulse.streams.logic.alert.AlertState;
import io.flowpulse.streams.logic.alert.AlertStores;
import io.flowpulse.streams.logic.alert.ClosedWindow;
import io.flowpulse.streams.logic.alert.DnsVolumeHistory;
import io.flowpulse.streams.logic.alert.NodeLostEvents;
import io.flowpulse.streams.logic.codec.StateCodec;
import io.flowpulse.streams.topology.LostEventsAggregateType;
import io.flowpulse.streams.topology.WindowedKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert rules on the closed windows, in window order: the streams module's {@link AlertEvaluator}
 * with its state in Flink keyed state. Runs as one subtask (keyed by a constant), because a closed
 * window is evaluated over all its records at once; its input is small (one record per key and
 * window).
 *
 * <p>It collects the final aggregates of stage 2 and the "window seen" notices of stage 1 per window
 * and evaluates a window when the watermark passes its end (an event-time timer), when every final
 * record of it has arrived. Windows between two evaluated ones count as closed windows without
 * records, as in the streams topology; the notices make the window of the latest event time close at
 * the end of a replay even when no subject has a record in it, so that alerts resolve the same way.
 */
public final class AlertsFunction extends KeyedProcessFunction<Byte, WindowPart, AlertChange> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AlertsFunction.class);

    /** The key every record is sent under. */
    public static final Byte KEY = 0;

    private static final StateCodec<Long> LONG = AlertProgressCodec.INSTANCE;

    private final JobParams params;

    private transient FinalRecords finals;
    private transient AlertEvaluator evaluator;
    /** Final aggregates waiting for their window to close, by {@link WindowedKey}. */
    private transient MapState<String, byte[]> pending;
    private transient JobCounter firing;
    private transient JobCounter resolved;

    public AlertsFunction(JobParams params) {
        this.params = params;
    }

    @Override
    public void open(OpenContext openContext) {
        finals = new FinalRecords(params.aggregateTypes(), params.windowSize());
        pending = getRuntimeContext().getMapState(bytesState("pending-finals"));
        AlertStores stores = new AlertStores(
                new MapStateKeyValueState<>(getRuntimeContext().getMapState(bytesState("alerts-firing")), AlertState.CODEC),
                new MapStateKeyValueState<>(getRuntimeContext().getMapState(bytesState("dns-history")), DnsVolumeHistory.CODEC),
                new MapStateKeyValueState<>(getRuntimeContext().getMapState(bytesState("alerts-progress")), LONG));
        evaluator = new AlertEvaluator(params.alertThresholds(), params.windowSize(), stores);
        firing = JobCounter.of(getRuntimeContext(), JobCounter.ALERTS_FIRING);
        resolved = JobCounter.of(getRuntimeContext(), JobCounter.ALERTS_RESOLVED);
    }

    private static MapStateDescriptor<String, byte[]> bytesState(String name) {
        return new MapStateDescriptor<>(name, Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    @Override
    public void processElement(WindowPart part, Context ctx, Collector<AlertChange> out) throws Exception {
        Instant last = evaluator.lastClosedWindowStart();
        if (last != null && part.windowStart <= last.toEpochMilli()) {
            if (!part.isWindowSeen()) {
                LOG.warn("final aggregate {} of window {} arrived after that window was evaluated; no alerts from it",
                        part.aggregateKey(), Instant.ofEpochMilli(part.windowStart));
            }
            return;
        }
        if (!part.isWindowSeen()) {
            pending.put(new WindowedKey(part.windowStart, part.tag, part.outputKey).asString(), part.aggregate);
        }
        ctx.timerService().registerEventTimeTimer(part.windowStart + params.windowMillis() - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertChange> out) throws Exception {
        long start = timestamp + 1 - params.windowMillis();
        List<LinkWindow> links = new ArrayList<>();
        List<DnsWindow> dns = new ArrayList<>();
        List<LatencyWindow> latency = new ArrayList<>();
        List<NodeLostEvents> lost = new ArrayList<>();
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : pending.entries()) {
            WindowedKey key = WindowedKey.parse(entry.getKey());
            if (key.windowStartMillis() > start) {
                continue;
            }
            done.add(entry.getKey());
            if (key.windowStartMillis() < start) {
                continue; // cannot happen: timers fire in window order
            }
            WindowPart part = new WindowPart(key.tag(), key.outputKey(), start, entry.getValue());
            if (key.tag() == LostEventsAggregateType.TAG) {
                lost.add(finals.lostEvents(part));
                continue;
            }
            SpecificRecord record = finals.of(part);
            if (record instanceof LinkWindow l) {
                links.add(l);
            } else if (record instanceof DnsWindow d) {
                dns.add(d);
            } else if (record instanceof LatencyWindow l) {
                latency.add(l);
            }
        }
        for (String key : done) {
            pending.remove(key);
        }
        Instant last = evaluator.lastClosedWindowStart();
        if (last != null && start <= last.toEpochMilli()) {
            return;
        }
        List<Alert> alerts;
        try {
            alerts = evaluator.onWindowClosed(new ClosedWindow(finals.window(start), links, dns, latency, lost));
        } catch (RuntimeException e) {
            LOG.error("alert evaluation of the window starting {} failed; no alerts for it", Instant.ofEpochMilli(start), e);
            return;
        }
        for (Alert alert : alerts) {
            (AlertEvaluator.FIRING.equals(alert.getState()) ? firing : resolved).increment();
            out.collect(new AlertChange(alert.getId(), start, AvroBinary.encode(alert)));
        }
    }
}
