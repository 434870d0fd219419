package io.flowpulse.replay;

import io.flowpulse.ingest.capture.CaptureItem;
import io.flowpulse.ingest.mapping.EventTimeBounds;
import io.flowpulse.ingest.mapping.FlowMapper;
import io.flowpulse.ingest.mapping.FlowMappingException;
import io.flowpulse.ingest.mapping.MappedEvent;
import io.flowpulse.ingest.protowire.FlowViewMapper;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one capture item is to a replay in process, mapped on a parsing thread as ingest maps it: a record of
 * the flows topic (flow or lost events, keyed by observing node), an event that is neither, a line to
 * dead-letter, or a file that broke off.
 */
sealed interface CaptureRecord {

    /**
     * A mapper per parsing thread, accepting the event times of the bounds. Flows the line parser left as
     * protobuf bytes are mapped from those bytes; everything else as ingest maps it, with FlowMapper.
     */
    static Function<CaptureItem, CaptureRecord> newMapper(EventTimeBounds timeBounds) {
        FlowMapper mapper = new FlowMapper(timeBounds);
        FlowViewMapper fromProtobuf = new FlowViewMapper(timeBounds);
        return item -> of(item, mapper, fromProtobuf);
    }

    /** The record FlowMapper's {@link #of(CaptureItem, FlowMapper)} makes, through the protobuf bytes where it can. */
    static CaptureRecord of(CaptureItem item, FlowMapper mapper, FlowViewMapper fromProtobuf) {
        if (item instanceof CaptureItem.Event event && event.protobuf() != null
                && event.kind() == CaptureItem.Kind.FLOW) {
            Flow flow = fromProtobuf.map(event.protobuf());
            if (flow != null) {
                return new Keyed(flow.getNodeName(), flow, flow.getTime());
            }
        }
        return of(item, mapper);
    }

    static CaptureRecord of(CaptureItem item, FlowMapper mapper) {
        if (item instanceof CaptureItem.Invalid invalid) {
            return new Rejected(invalid.file(), invalid.lineNumber(), invalid.raw(), invalid.reason(), false);
        }
        if (item instanceof CaptureItem.Unreadable unreadable) {
            return new Unreadable(unreadable.file(), unreadable.lineNumber(), unreadable.reason());
        }
        CaptureItem.Event event = (CaptureItem.Event) item;
        MappedEvent mapped;
        try {
            mapped = mapper.map(event.event());
        } catch (FlowMappingException e) {
            return new Rejected(event.file(), event.lineNumber(), event.utf8(), e.getMessage(), true);
        }
        return switch (mapped.kind()) {
            case FLOW -> {
                Flow flow = ((MappedEvent.OfFlow) mapped).flow();
                yield new Keyed(mapped.nodeName(), flow, flow.getTime());
            }
            case LOST_EVENTS -> {
                LostEvents lost = ((MappedEvent.OfLostEvents) mapped).lostEvents();
                yield new Keyed(mapped.nodeName(), lost, lost.getTime());
            }
            default -> new NotAFlow();
        };
    }

    /** A flow or lost-events record with the key it has on the flows topic. */
    record Keyed(String key, SpecificRecord value, Instant time) implements CaptureRecord {
        boolean isFlow() {
            return value instanceof Flow;
        }
    }

    /** Relay node status, agent or debug events: counted as read, not analysed. */
    record NotAFlow() implements CaptureRecord {
    }

    /**
     * A line that is not a Hubble event, or an event ingest cannot map.
     *
     * @param unmappable true for an event that parsed but could not be mapped
     */
    record Rejected(Path file, long lineNumber, byte[] raw, String reason, boolean unmappable) implements CaptureRecord {
    }

    record Unreadable(Path file, long lineNumber, String reason) implements CaptureRecord {
    }
}
