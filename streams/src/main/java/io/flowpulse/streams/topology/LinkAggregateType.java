package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.codec.StateCodec;
import io.flowpulse.streams.logic.limit.OverflowKeys;
import io.flowpulse.streams.logic.link.LinkAggregate;
import io.flowpulse.streams.logic.link.LinkKey;
import org.apache.avro.specific.SpecificRecord;

/** Link health per {@code <level>|<src>|<dst>} and window; final record LinkWindow. */
public final class LinkAggregateType implements AggregateType<LinkAggregate> {

    public static final char TAG = 'L';
    public static final LinkAggregateType INSTANCE = new LinkAggregateType();

    private LinkAggregateType() {
    }

    @Override
    public char tag() {
        return TAG;
    }

    @Override
    public String name() {
        return "link";
    }

    @Override
    public String overflowKey(String outputKey) {
        return OverflowKeys.link(outputKey);
    }

    @Override
    public StateCodec<LinkAggregate> codec() {
        return LinkAggregate.CODEC;
    }

    @Override
    public LinkAggregate merge(LinkAggregate target, LinkAggregate source) {
        return target.merge(source);
    }

    @Override
    public SpecificRecord finalRecord(String outputKey, TimeWindow window, LinkAggregate aggregate) {
        return aggregate.toWindow(LinkKey.parse(outputKey), window);
    }
}
