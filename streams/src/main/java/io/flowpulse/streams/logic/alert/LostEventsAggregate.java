package io.flowpulse.streams.logic.alert;

import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.StateCodec;

/** Lost-events records of one node in one window (key = LostEvents.node); mergeable, serializable. */
public final class LostEventsAggregate {

    private static final int FORMAT_VERSION = 1;

    public static final StateCodec<LostEventsAggregate> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(LostEventsAggregate value) {
            return new ByteWriter(24).writeByte(FORMAT_VERSION).writeVarLong(value.records)
                    .writeVarLong(value.eventsLost).toByteArray();
        }

        @Override
        public LostEventsAggregate decode(byte[] bytes) {
            ByteReader in = new ByteReader(bytes);
            in.expectVersion(FORMAT_VERSION, "LostEventsAggregate");
            LostEventsAggregate aggregate = new LostEventsAggregate();
            aggregate.records = in.readVarLong();
            aggregate.eventsLost = in.readVarLong();
            in.expectEnd("LostEventsAggregate");
            return aggregate;
        }
    };

    private long records;
    private long eventsLost;

    public LostEventsAggregate add(LostEvents lost) {
        if (lost.getNumEventsLost() < 0) {
            throw new IllegalArgumentException("negative num_events_lost " + lost.getNumEventsLost() + " from " + lost.getNode());
        }
        records++;
        eventsLost += lost.getNumEventsLost();
        return this;
    }

    public LostEventsAggregate merge(LostEventsAggregate other) {
        records += other.records;
        eventsLost += other.eventsLost;
        return this;
    }

    public long records() {
        return records;
    }

    public long eventsLost() {
        return eventsLost;
    }

    public NodeLostEvents forNode(String node) {
        return new NodeLostEvents(node, records, eventsLost);
    }
}
