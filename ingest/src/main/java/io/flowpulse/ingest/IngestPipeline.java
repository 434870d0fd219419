package io.flowpulse.ingest;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.kafka.DeadLetterPublisher;
import io.flowpulse.ingest.kafka.FlowPublisher;
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
 */
public final class IngestPipeline {

    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

    private final FlowMapper mapper = new FlowMapper();
    private final FlowPublisher publisher;
    private final DeadLetterPublisher deadLetters;
    private final IngestCounters counters;
    private final BooleanSupplier stop;

    public IngestPipeline(FlowPublisher publisher, DeadLetterPublisher deadLetters, IngestCounters counters,
                          BooleanSupplier stop) {
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.counters = counters;
        this.stop = stop;
    }

    /** A response of the GetFlows stream. */
    public void onResponse(GetFlowsResponse response) throws InterruptedException {
        MappedEvent event;
        try {
            event = mapper.map(response);
        } catch (FlowMappingException e) {
            counters.mappingFailed.increment();
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
                counters.lastEventTimeMicros.set(micros(flow.getTime()));
                publisher.publish(event.nodeName(), flow, stop);
            }
            case LOST_EVENTS -> {
                LostEvents lost = ((MappedEvent.OfLostEvents) event).lostEvents();
                counters.lostEventRecords.increment();
                counters.eventsLost.increment(lost.getNumEventsLost());
                log.warn("Hubble on {} lost {} events ({})", lost.getNodeName(), lost.getNumEventsLost(), lost.getSource());
                publisher.publish(event.nodeName(), lost, stop);
            }
            case NODE_STATUS -> {
                counters.nodeStatus.increment();
                log.info("Hubble Relay node status: {}", nodeStatusText);
            }
            default -> counters.other.increment();
        }
    }

    public IngestCounters counters() {
        return counters;
    }

    public FlowPublisher publisher() {
        return publisher;
    }

    private static long micros(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
