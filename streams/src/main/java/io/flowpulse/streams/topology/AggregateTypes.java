package io.flowpulse.streams.topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The aggregate types of the topology, looked up by their tag. */
public final class AggregateTypes {

    private static final List<AggregateType<?>> ALL = List.of(
            LinkAggregateType.INSTANCE,
            LostEventsAggregateType.INSTANCE);

    private static final Map<Character, AggregateType<?>> BY_TAG = new HashMap<>();

    static {
        for (AggregateType<?> type : ALL) {
            if (BY_TAG.put(type.tag(), type) != null) {
                throw new IllegalStateException("two aggregate types use the tag " + type.tag());
            }
        }
    }

    private AggregateTypes() {
    }

    public static AggregateType<?> byTag(char tag) {
        AggregateType<?> type = BY_TAG.get(tag);
        if (type == null) {
            throw new IllegalArgumentException("no aggregate type has the tag '" + tag + "'");
        }
        return type;
    }

    /** Merges two encoded aggregates of the same type; returns the encoded result. */
    public static byte[] mergeEncoded(char tag, byte[] target, byte[] source) {
        return mergeEncoded(byTag(tag), target, source);
    }

    private static <A> byte[] mergeEncoded(AggregateType<A> type, byte[] target, byte[] source) {
        A merged = type.merge(type.codec().decode(target), type.codec().decode(source));
        return type.codec().encode(merged);
    }
}
