package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.codec.StateCodec;
import org.apache.avro.specific.SpecificRecord;

/** Lost events per reporting node and window; no output topic, only the LOST_EVENTS alert reads it. */
public final class LostEventsAggregateType implements AggregateType<LostEventsCount> {

    public static final char TAG = 'X';
    public static final LostEventsAggregateType INSTANCE = new LostEventsAggregateType();

    private static final StateCodec<LostEventsCount> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(LostEventsCount value) {
            return value.toBytes();
        }

        @Override
        public LostEventsCount decode(byte[] bytes) {
            return LostEventsCount.fromBytes(bytes);
        }
    };

    private LostEventsAggregateType() {
    }

    @Override
    public char tag() {
        return TAG;
    }

    @Override
    public StateCodec<LostEventsCount> codec() {
        return CODEC;
    }

    @Override
    public LostEventsCount merge(LostEventsCount target, LostEventsCount source) {
        return target.merge(source);
    }

    @Override
    public SpecificRecord finalRecord(String outputKey, TimeWindow window, LostEventsCount aggregate) {
        return null;
    }
}
