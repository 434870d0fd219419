package io.flowpulse.flink.kafka;

import io.flowpulse.flink.model.FlowsRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of one partition of the flows topic (the Kafka source runs one generator per partition
 * and forwards the minimum): {@code largest event time - grace - 1 ms}, so that a window
 * {@code [start, end)} is complete, for Flink's event-time timers, exactly when the partition's largest
 * event time has reached {@code end + grace}, the moment stage 1 closes it. The end-of-replay marker
 * moves the partition's watermark to the end of time. Invalid records do not move it.
 */
public final class FlowsWatermarks implements WatermarkGenerator<FlowsRecord> {

    private final long graceMillis;
    private long maxEventTime = Long.MIN_VALUE;

    public FlowsWatermarks(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    /**
     * Per-partition watermarks with idleness: a partition without records for {@code idleTimeout}
     * stops holding the watermark back (0 = never). The event time comes from the record.
     */
    public static WatermarkStrategy<FlowsRecord> strategy(long graceMillis, Duration idleTimeout) {
        WatermarkStrategy<FlowsRecord> strategy = WatermarkStrategy
                .<FlowsRecord>forGenerator(context -> new FlowsWatermarks(graceMillis))
                .withTimestampAssigner((record, previous) -> record.eventTime);
        return idleTimeout.isZero() ? strategy : strategy.withIdleness(idleTimeout);
    }

    @Override
    public void onEvent(FlowsRecord record, long eventTimestamp, WatermarkOutput output) {
        if (record.isEndMarker()) {
            maxEventTime = Long.MAX_VALUE;
            output.emitWatermark(Watermark.MAX_WATERMARK);
        } else if (!record.isInvalid() && maxEventTime != Long.MAX_VALUE) {
            maxEventTime = Math.max(maxEventTime, record.eventTime);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (maxEventTime == Long.MAX_VALUE) {
            output.emitWatermark(Watermark.MAX_WATERMARK);
        } else if (maxEventTime != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(maxEventTime - graceMillis - 1));
        }
    }
}
