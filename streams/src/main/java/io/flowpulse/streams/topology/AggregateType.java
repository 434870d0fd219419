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

    StateCodec<A> codec();

    /** Merges {@code source} into {@code target} and returns the target. */
    A merge(A target, A source);

    /** The final record of a closed window, or null when this type has no output topic of its own. */
    SpecificRecord finalRecord(String outputKey, TimeWindow window, A aggregate);
}
