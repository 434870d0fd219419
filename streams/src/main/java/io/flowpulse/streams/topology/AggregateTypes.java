package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.dns.SuspiciousNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The aggregate types of one topology, looked up by their tag. */
public final class AggregateTypes {

    private final Map<Character, AggregateType<?>> byTag = new HashMap<>();
    private final DnsAggregateType dns;

    public AggregateTypes(SuspiciousNames suspiciousNames) {
        this.dns = new DnsAggregateType(suspiciousNames);
        for (AggregateType<?> type : List.of(LinkAggregateType.INSTANCE, dns, LatencyAggregateType.INSTANCE,
                LostEventsAggregateType.INSTANCE)) {
            if (byTag.put(type.tag(), type) != null) {
                throw new IllegalStateException("two aggregate types use the tag " + type.tag());
            }
        }
    }

    public DnsAggregateType dns() {
        return dns;
    }

    public AggregateType<?> byTag(char tag) {
        AggregateType<?> type = byTag.get(tag);
        if (type == null) {
            throw new IllegalArgumentException("no aggregate type has the tag '" + tag + "'");
        }
        return type;
    }

    /** Merges two encoded aggregates of the same type; returns the encoded result. */
    public byte[] mergeEncoded(char tag, byte[] target, byte[] source) {
        return mergeEncoded(byTag(tag), target, source);
    }

    private static <A> byte[] mergeEncoded(AggregateType<A> type, byte[] target, byte[] source) {
        A merged = type.merge(type.codec().decode(target), type.codec().decode(source));
        return type.codec().encode(merged);
    }
}
