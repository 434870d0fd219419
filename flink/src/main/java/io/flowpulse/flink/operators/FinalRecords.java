package io.flowpulse.flink.operators;

import io.flowpulse.flink.model.WindowPart;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.alert.LostEventsAggregate;
import io.flowpulse.streams.logic.alert.NodeLostEvents;
import io.flowpulse.streams.topology.AggregateType;
import io.flowpulse.streams.topology.AggregateTypes;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * Final aggregates as the records of the results topics, made by the streams module's aggregate
 * types ({@code AggregateType#finalRecord}): the same LinkWindow, DnsWindow and LatencyWindow the
 * Kafka Streams topology writes.
 */
public final class FinalRecords {

    private final AggregateTypes types;
    private final Duration windowSize;

    public FinalRecords(AggregateTypes types, Duration windowSize) {
        this.types = types;
        this.windowSize = windowSize;
    }

    /** The result record of a final aggregate; null for lost events, which have no topic of their own. */
    public SpecificRecord of(WindowPart part) {
        return finalRecord(types.byTag(part.tag), part);
    }

    /** The decoded aggregate of a final part. */
    public Object aggregate(WindowPart part) {
        return types.byTag(part.tag).codec().decode(part.aggregate);
    }

    /** Lost events of a final part of the lost-events type. */
    public NodeLostEvents lostEvents(WindowPart part) {
        return ((LostEventsAggregate) aggregate(part)).forNode(part.outputKey);
    }

    public TimeWindow window(long startMillis) {
        return TimeWindow.startingAt(Instant.ofEpochMilli(startMillis), windowSize);
    }

    private <A> SpecificRecord finalRecord(AggregateType<A> type, WindowPart part) {
        A aggregate = type.codec().decode(part.aggregate);
        return type.finalRecord(part.outputKey, window(part.windowStart), aggregate);
    }
}
