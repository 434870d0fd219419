package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.alert.LostEventsAggregate;
import io.flowpulse.streams.logic.codec.StateCodec;
import io.flowpulse.streams.logic.limit.OverflowKeys;
import org.apache.avro.specific.SpecificRecord;

/** Lost events per reporting node and window; no output topic, only the LOST_EVENTS alert reads it. */
public final class LostEventsAggregateType implements AggregateType<LostEventsAggregate> {

    public static final char TAG = 'X';
    public static final LostEventsAggregateType INSTANCE = new LostEventsAggregateType();

    private LostEventsAggregateType() {
    }

    @Override
    public char tag() {
        return TAG;
    }

    @Override
    public String name() {
        return "lost-events";
    }

    @Override
    public String overflowKey(String outputKey) {
        return OverflowKeys.name();
    }

    @Override
    public StateCodec<LostEventsAggregate> codec() {
        return LostEventsAggregate.CODEC;
    }

    @Override
    public LostEventsAggregate merge(LostEventsAggregate target, LostEventsAggregate source) {
        return target.merge(source);
    }

    @Override
    public SpecificRecord finalRecord(String outputKey, TimeWindow window, LostEventsAggregate aggregate) {
        return null;
    }
}
