package io.flowpulse.flink.state;

import io.flowpulse.streams.logic.dns.SuspiciousNames;
import io.flowpulse.streams.topology.AggregateType;
import io.flowpulse.streams.topology.AggregateTypes;
import java.util.Objects;

/**
 * A windowed aggregate of the streams module's logic (link, DNS, latency or lost events) in keyed
 * state, decoded: records merge into it without an encoding per record. Its type tag says which
 * codec and merge apply ({@link OpenAggregateSerializer}).
 */
public final class OpenAggregate {

    /**
     * Codecs and merges by tag. They do not depend on the alert thresholds (only the final DNS
     * record does, through the suspicious-name rule), so one table serves every job.
     */
    static final AggregateTypes TYPES = new AggregateTypes(new SuspiciousNames(20, 3.8));

    private final char tag;
    private final Object value;

    public OpenAggregate(char tag, Object value) {
        this.tag = tag;
        this.value = Objects.requireNonNull(value, "value");
        TYPES.byTag(tag);
    }

    public char tag() {
        return tag;
    }

    public Object value() {
        return value;
    }

    /** Decodes the bytes of an aggregate of type {@code tag}. */
    public static OpenAggregate decode(char tag, byte[] bytes) {
        return new OpenAggregate(tag, TYPES.byTag(tag).codec().decode(bytes));
    }

    public byte[] encode() {
        return encode(TYPES.byTag(tag), value);
    }

    /** This aggregate with {@code other} (of the same type) merged in; may be this one, changed. */
    public OpenAggregate merge(OpenAggregate other) {
        if (other.tag != tag) {
            throw new IllegalArgumentException("cannot merge an aggregate of type " + other.tag + " into one of type " + tag);
        }
        return new OpenAggregate(tag, merge(TYPES.byTag(tag), value, other.value));
    }

    /** A deep copy, through the codec. */
    public OpenAggregate copy() {
        return decode(tag, encode());
    }

    @SuppressWarnings("unchecked")
    private static <A> byte[] encode(AggregateType<A> type, Object value) {
        return type.codec().encode((A) value);
    }

    @SuppressWarnings("unchecked")
    private static <A> Object merge(AggregateType<A> type, Object target, Object source) {
        return type.merge((A) target, (A) source);
    }

    @Override
    public String toString() {
        return "OpenAggregate{" + tag + ", " + value + "}";
    }
}
