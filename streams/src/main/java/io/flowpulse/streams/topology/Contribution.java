package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.TimeWindow;
import java.util.Objects;

/** What one input record adds to the aggregate of one output key in one window. */
public record Contribution<A>(AggregateType<A> type, String outputKey, TimeWindow window, A aggregate) {

    public Contribution {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outputKey, "outputKey");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(aggregate, "aggregate");
    }

    /** The serialized aggregate, for the store or the partials topic. */
    public byte[] encodedAggregate() {
        return type.codec().encode(aggregate);
    }

    /** This contribution merged into a stored aggregate (null when there is none yet), encoded. */
    public byte[] mergedInto(byte[] stored) {
        if (stored == null) {
            return encodedAggregate();
        }
        return type.codec().encode(type.merge(type.codec().decode(stored), aggregate));
    }

    public WindowedKey windowedKey() {
        return new WindowedKey(window.start().toEpochMilli(), type.tag(), outputKey);
    }
}
