package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.codec.StateCodec;
import io.flowpulse.streams.logic.latency.LatencyKey;
import io.flowpulse.streams.logic.latency.LatencyWindows;
import io.flowpulse.streams.logic.limit.OverflowKeys;
import io.flowpulse.streams.logic.sketch.LatencyDigest;
import org.apache.avro.specific.SpecificRecord;

/** Path latency per {@code <level>|<kind>|<src>|<dst>} and window; final record LatencyWindow. */
public final class LatencyAggregateType implements AggregateType<LatencyDigest> {

    public static final char TAG = 'T';
    public static final LatencyAggregateType INSTANCE = new LatencyAggregateType();

    private LatencyAggregateType() {
    }

    @Override
    public char tag() {
        return TAG;
    }

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public String overflowKey(String outputKey) {
        return OverflowKeys.latency(outputKey);
    }

    @Override
    public StateCodec<LatencyDigest> codec() {
        return LatencyDigest.CODEC;
    }

    @Override
    public LatencyDigest merge(LatencyDigest target, LatencyDigest source) {
        return target.merge(source);
    }

    @Override
    public SpecificRecord finalRecord(String outputKey, TimeWindow window, LatencyDigest aggregate) {
        return LatencyWindows.of(LatencyKey.parse(outputKey), window, aggregate);
    }
}
