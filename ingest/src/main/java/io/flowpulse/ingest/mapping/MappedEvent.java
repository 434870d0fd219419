package io.flowpulse.ingest.mapping;

import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one Hubble response or exported event became: an Avro {@link Flow}, an Avro
 * {@link LostEvents}, or something that is not a flow (relay node status, agent or debug
 * events, or an event of a kind this version does not know) that the caller counts or logs.
 */
public sealed interface MappedEvent {

    enum Kind {
        FLOW,
        LOST_EVENTS,
        /** Hubble Relay's report that a node connected, became unavailable or left. */
        NODE_STATUS,
        /** No flow, no lost events, no node status: agent/debug events and unknown kinds. */
        OTHER
    }

    Kind kind();

    /** Observing node as Hubble names it; the Kafka key. Empty for a relay node status. */
    String nodeName();

    /** The Avro value to publish, or null when this is not a flow. */
    SpecificRecord record();

    record OfFlow(Flow flow) implements MappedEvent {
        @Override
        public Kind kind() {
            return Kind.FLOW;
        }

        @Override
        public String nodeName() {
            return flow.getNodeName();
        }

        @Override
        public SpecificRecord record() {
            return flow;
        }
    }

    record OfLostEvents(LostEvents lostEvents) implements MappedEvent {
        @Override
        public Kind kind() {
            return Kind.LOST_EVENTS;
        }

        @Override
        public String nodeName() {
            return lostEvents.getNodeName();
        }

        @Override
        public SpecificRecord record() {
            return lostEvents;
        }
    }

    /**
     * @param kind {@link Kind#NODE_STATUS} or {@link Kind#OTHER}
     * @param nodeName node_name of the response, possibly empty
     */
    record NotAFlow(Kind kind, String nodeName) implements MappedEvent {
        public NotAFlow {
            if (kind == Kind.FLOW || kind == Kind.LOST_EVENTS) {
                throw new IllegalArgumentException("not a flow cannot be of kind " + kind);
            }
        }

        @Override
        public SpecificRecord record() {
            return null;
        }
    }
}
