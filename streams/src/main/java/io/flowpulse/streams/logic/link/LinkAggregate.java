package io.flowpulse.streams.logic.link;

import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.StateCodec;
import java.util.Map;
import java.util.TreeMap;

/** Mutable per-link, per-window counters; mergeable and serializable with {@link #CODEC}. */
public final class LinkAggregate {

    public static final StateCodec<LinkAggregate> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(LinkAggregate value) {
            return value.toBytes();
        }

        @Override
        public LinkAggregate decode(byte[] bytes) {
            return fromBytes(bytes);
        }
    };

    private static final int FORMAT_VERSION = 1;

    private long forwarded;
    private long dropped;
    private long other;
    private final TreeMap<String, Long> dropReasons = new TreeMap<>();

    public LinkAggregate add(LinkObservation observation) {
        switch (observation.verdict()) {
            case FORWARDED -> forwarded++;
            case DROPPED -> {
                dropped++;
                dropReasons.merge(observation.dropReason(), 1L, Long::sum);
            }
            case OTHER -> other++;
        }
        return this;
    }

    public LinkAggregate merge(LinkAggregate that) {
        forwarded += that.forwarded;
        dropped += that.dropped;
        other += that.other;
        that.dropReasons.forEach((reason, count) -> dropReasons.merge(reason, count, Long::sum));
        return this;
    }

    public long forwarded() {
        return forwarded;
    }

    public long dropped() {
        return dropped;
    }

    public long other() {
        return other;
    }

    /** dropped / (forwarded + dropped); 0 when both are 0. */
    public double dropRate() {
        long counted = forwarded + dropped;
        return counted == 0 ? 0.0 : (double) dropped / counted;
    }

    public Map<String, Long> dropReasons() {
        return java.util.Collections.unmodifiableMap(dropReasons);
    }

    public LinkWindow toWindow(LinkKey key, TimeWindow window) {
        return LinkWindow.newBuilder()
                .setLevel(key.level().wireName())
                .setSrc(key.src())
                .setDst(key.dst())
                .setWindowStart(window.start())
                .setWindowEnd(window.end())
                .setForwarded(forwarded)
                .setDropped(dropped)
                .setOther(other)
                .setDropRate(dropRate())
                .setDropReasons(new TreeMap<>(dropReasons))
                .build();
    }

    public byte[] toBytes() {
        ByteWriter out = new ByteWriter(32 + dropReasons.size() * 24);
        out.writeByte(FORMAT_VERSION).writeVarLong(forwarded).writeVarLong(dropped).writeVarLong(other);
        out.writeVarLong(dropReasons.size());
        dropReasons.forEach((reason, count) -> out.writeString(reason).writeVarLong(count));
        return out.toByteArray();
    }

    public static LinkAggregate fromBytes(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        in.expectVersion(FORMAT_VERSION, "LinkAggregate");
        LinkAggregate aggregate = new LinkAggregate();
        aggregate.forwarded = in.readVarLong();
        aggregate.dropped = in.readVarLong();
        aggregate.other = in.readVarLong();
        int reasons = in.readCount();
        for (int i = 0; i < reasons; i++) {
            aggregate.dropReasons.put(in.readString(), in.readVarLong());
        }
        in.expectEnd("LinkAggregate");
        return aggregate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkAggregate that && forwarded == that.forwarded && dropped == that.dropped
                && other == that.other && dropReasons.equals(that.dropReasons);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(forwarded, dropped, other, dropReasons);
    }

    @Override
    public String toString() {
        return "LinkAggregate[forwarded=" + forwarded + ", dropped=" + dropped + ", other=" + other
                + ", dropReasons=" + dropReasons + "]";
    }
}
