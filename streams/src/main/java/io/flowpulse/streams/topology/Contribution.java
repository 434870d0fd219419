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

    /**
     * This contribution merged into the current aggregate of its key: {@code decoded} when the caller
     * holds it decoded (it must be of this contribution's type), else the decoded {@code stored} bytes,
     * else nothing yet. May return {@code decoded} itself, changed.
     */
    @SuppressWarnings("unchecked")
    public A mergedInto(Object decoded, java.util.function.Supplier<byte[]> stored) {
        A current = (A) decoded;
        if (current == null) {
            byte[] bytes = stored.get();
            current = bytes == null ? null : type.codec().decode(bytes);
        }
        return current == null ? aggregate : type.merge(current, aggregate);
    }

    public byte[] encode(Object aggregate) {
        return encodeAggregate(type, aggregate);
    }

    @SuppressWarnings("unchecked")
    private static <T> byte[] encodeAggregate(AggregateType<T> type, Object aggregate) {
        return type.codec().encode((T) aggregate);
    }

    /** This contribution under its type's overflow key, in the same window. */
    public Contribution<A> folded() {
        return new Contribution<>(type, type.overflowKey(outputKey), window, aggregate);
    }

    public WindowedKey windowedKey() {
        return new WindowedKey(window.start().toEpochMilli(), type.tag(), outputKey);
    }
}
