package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.codec.StateCodec;
import org.apache.avro.specific.SpecificRecord;

/**
 * One kind of windowed aggregate the topology keeps: how it is stored, merged and turned into the
 * final record of its output topic.
 *
 * @param <A> the mutable aggregate of the pure logic
 */
public interface AggregateType<A> {

    /** One character that tags this type in store keys and on the partials topic. */
    char tag();

    /** The type's name in metrics and logs: link, dns, latency or lost-events. */
    String name();

    /**
     * The key that takes in what new keys of this type add to a window that already holds its most
     * keys ({@link io.flowpulse.streams.logic.limit.WindowKeyLimit}), for a key of this type.
     */
    String overflowKey(String outputKey);

    StateCodec<A> codec();

    /** Merges {@code source} into {@code target} and returns the target. */
    A merge(A target, A source);

    /** The final record of a closed window, or null when this type has no output topic of its own. */
    SpecificRecord finalRecord(String outputKey, TimeWindow window, A aggregate);
}
