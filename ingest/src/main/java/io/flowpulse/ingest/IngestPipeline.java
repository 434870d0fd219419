package io.flowpulse.ingest;

import io.flowpulse.schemas.EpochMicros;
import com.google.protobuf.InvalidProtocolBufferException;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.kafka.FlowSchemaId;
import io.flowpulse.ingest.kafka.PreEncodedValue;
import io.flowpulse.ingest.relay.ResponseHandler;
import io.flowpulse.ingest.protowire.AvroFlowEncoder;
import io.flowpulse.ingest.protowire.FlowResponseView;
import io.flowpulse.ingest.kafka.IngestDeadLetters;
import io.flowpulse.ingest.kafka.FlowPublisher;
import io.flowpulse.ingest.mapping.EventTimeBounds;
import io.flowpulse.ingest.mapping.EventTimeOutOfRangeException;
import io.flowpulse.ingest.mapping.FlowMapper;
import io.flowpulse.ingest.mapping.FlowMappingException;
import io.flowpulse.ingest.mapping.MappedEvent;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.hubble.HubbleJson;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source-independent part of ingest: maps each Hubble event and publishes flows and
 * lost-events records, keyed by observing node; counts and logs relay node status and
 * other events; sends what cannot be mapped to the dead-letter topic.
 *
 * <p>Relay flows take a fast path: {@link AvroFlowEncoder} writes the record's wire-format bytes
 * straight from the protobuf bytes (the same bytes the mapping and the serializer would make);
 * whatever it leaves goes through {@link FlowMapper} and the serializer.
 */
public final class IngestPipeline implements ResponseHandler {

    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

    private static final long LOST_EVENTS_WARNING_INTERVAL_NANOS = 10_000_000_000L;

    private final FlowMapper mapper;
    private final LostEventsLog lostEventsLog = new LostEventsLog(LOST_EVENTS_WARNING_INTERVAL_NANOS);
    private final AvroFlowEncoder encoder = new AvroFlowEncoder();
    private final FlowPublisher publisher;
    private final IngestDeadLetters deadLetters;
    private final IngestCounters counters;
    private final FlowSchemaId schemaId;
    private final BooleanSupplier stop;

    public IngestPipeline(FlowPublisher publisher, IngestDeadLetters deadLetters, IngestCounters counters,
                          FlowSchemaId schemaId, BooleanSupplier stop) {
        this(publisher, deadLetters, counters, schemaId, stop, EventTimeBounds.DEFAULTS);
    }

    /** @param timeBounds event times outside are dead-lettered with the reason */
    public IngestPipeline(FlowPublisher publisher, IngestDeadLetters deadLetters, IngestCounters counters,
                          FlowSchemaId schemaId, BooleanSupplier stop, EventTimeBounds timeBounds) {
        this.mapper = new FlowMapper(timeBounds);
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.counters = counters;
        this.schemaId = schemaId;
        this.stop = stop;
    }

    /** A relay flow read by the fast path. */
    @Override
    public void handleFlow(FlowResponseView flow) throws InterruptedException {
        if (!publishEncoded(flow)) {
            GetFlowsResponse response;
            try {
                response = GetFlowsResponse.parseFrom(flow.bytes());
            } catch (InvalidProtocolBufferException e) {
                invalid(flow.bytes(), "not a valid observer.GetFlowsResponse: " + e.getMessage());
                return;
            }
            onResponse(response);
        }
    }

    /**
     * Publishes a flow encoded straight from its protobuf bytes; false, with nothing published, when
     * the encoder leaves it to the mapping (or the value schema is not registered yet). A time outside the
     * bounds is left to the mapping too, which refuses it with the reason.
     */
    public boolean publishEncoded(FlowResponseView flow) throws InterruptedException {
        if (!mapper.timeBounds().accepts(flow.eventSeconds())) {
            return false;
        }
        Integer id = schemaId.get();
        byte[] value = id == null ? null : encoder.encode(flow, id);
        if (value == null) {
            return false;
        }
        counters.flows.increment();
        counters.lastEventTimeMicros.set(EpochMicros.of(flow.eventSeconds(), flow.eventNanos()));
        publisher.publish(flow.nodeName(), new PreEncodedValue(value), stop);
        return true;
    }

    @Override
    public void handle(GetFlowsResponse response) throws InterruptedException {
        onResponse(response);
    }

    /** A relay message that is not a GetFlowsResponse: counted and dead-lettered with the reason. */
    @Override
    public void invalid(byte[] message, String reason) {
        counters.invalid.increment();
        log.warn("dead-lettering a relay message of {} bytes: {}", message.length, reason);
        deadLetters.unpublishable(new byte[0], message, reason, null);
    }

    /** A response of the GetFlows stream. */
    public void onResponse(GetFlowsResponse response) throws InterruptedException {
        MappedEvent event;
        try {
            event = mapper.map(response);
        } catch (FlowMappingException e) {
            countMappingFailure(e);
            deadLetters.unpublishable(response.getNodeName().getBytes(StandardCharsets.UTF_8),
                    HubbleJson.print(response).getBytes(StandardCharsets.UTF_8), e.getMessage(), e);
            return;
        }
        onEvent(event, response.hasNodeStatus() ? response.getNodeStatus().getStateChange() + " "
                + response.getNodeStatus().getNodeNamesList() + " " + response.getNodeStatus().getMessage() : "");
    }

    /** An already mapped event (capture files map their lines themselves). */
    public void onEvent(MappedEvent event, String nodeStatusText) throws InterruptedException {
        switch (event.kind()) {
            case FLOW -> {
                Flow flow = ((MappedEvent.OfFlow) event).flow();
                counters.flows.increment();
                counters.lastEventTimeMicros.set(EpochMicros.of(flow.getTime()));
                publisher.publish(event.nodeName(), flow, stop);
            }
            case LOST_EVENTS -> {
                LostEvents lost = ((MappedEvent.OfLostEvents) event).lostEvents();
                counters.lostEventRecords.increment();
                counters.eventsLost.increment(lost.getNumEventsLost());
                lostEventsLog.onLostEvents(lost.getNodeName(), lost.getNumEventsLost(), String.valueOf(lost.getSource()),
                        System.nanoTime()).ifPresent(log::warn);
                publisher.publish(event.nodeName(), lost, stop);
            }
            case NODE_STATUS -> {
                counters.nodeStatus.increment();
                log.info("Hubble Relay node status: {}", nodeStatusText);
            }
            default -> counters.other.increment();
        }
    }

    /** Counts an event the mapping refused; the caller dead-letters it. */
    public void countMappingFailure(FlowMappingException e) {
        counters.mappingFailed.increment();
        if (e instanceof EventTimeOutOfRangeException) {
            counters.eventTimeRejected.increment();
        }
    }

    /** The event times this pipeline accepts. */
    public EventTimeBounds timeBounds() {
        return mapper.timeBounds();
    }

    public IngestCounters counters() {
        return counters;
    }

    public FlowPublisher publisher() {
        return publisher;
    }

}
