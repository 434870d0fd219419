package io.flowpulse.flink.operators;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * One count of the job, kept twice: as a Flink metric (live, per subtask, for the web UI and
 * reporters) and as an accumulator (summed over the subtasks in the job's result, which is how a
 * local run reads the number of late records for its report).
 */
public final class JobCounter {

    /** Records (flows and lost events) read by stage 1. */
    public static final String INPUT_RECORDS = "flowpulse-input-records";
    /** Records not added because stage 1 had already closed their window in their partition. */
    public static final String LATE_RECORDS = "flowpulse-late-records";
    /** Handshake samples completed after the window of their SYN was closed. */
    public static final String LATE_SAMPLES = "flowpulse-late-samples";
    /** Partial aggregates that reached stage 2 after it had closed their window. */
    public static final String LATE_PARTIALS = "flowpulse-late-partials";
    public static final String END_MARKERS = "flowpulse-end-markers";
    public static final String DEAD_LETTERS = "flowpulse-dead-letters";
    public static final String PARTIALS_EMITTED = "flowpulse-partials-emitted";
    public static final String IDLE_HANDOVERS = "flowpulse-idle-handovers";
    /** Contributions folded into a window's overflow key (their key was new to a full window). */
    public static final String OVERFLOW_CONTRIBUTIONS = "flowpulse-window-overflow-contributions";
    /** Windows of a flows partition that reached the key limit of a type (one WARN line each). */
    public static final String WINDOW_OVERFLOWS = "flowpulse-window-overflows";
    public static final String WINDOWS_CLOSED = "flowpulse-windows-closed";
    public static final String ALERTS_FIRING = "flowpulse-alerts-firing";
    public static final String ALERTS_RESOLVED = "flowpulse-alerts-resolved";

    private final Counter metric;
    private final LongCounter accumulator;

    private JobCounter(Counter metric, LongCounter accumulator) {
        this.metric = metric;
        this.accumulator = accumulator;
    }

    public static JobCounter of(RuntimeContext context, String name) {
        return new JobCounter(context.getMetricGroup().counter(name), context.getLongCounter(name));
    }

    public void increment() {
        metric.inc();
        accumulator.add(1L);
    }

    public long count() {
        return accumulator.getLocalValue();
    }
}
