package io.flowpulse.streams.topology;

import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.link.LinkAggregate;
import io.flowpulse.streams.logic.link.LinkEvent;
import io.flowpulse.streams.logic.link.LinkEvents;
import io.flowpulse.streams.logic.naming.EndpointNamer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a flow or lost-events record contributes to the windowed aggregates, without any state
 * (TCP handshake pairing, which needs state, is done by the stage-1 processor).
 */
public final class RecordContributions {

    private final Duration windowSize;

    public RecordContributions(Duration windowSize) {
        this.windowSize = Objects.requireNonNull(windowSize, "windowSize");
    }

    public TimeWindow windowOf(java.time.Instant time) {
        return TimeWindow.containing(time, windowSize);
    }

    public List<Contribution<?>> of(Flow flow, EndpointNamer namer) {
        TimeWindow window = windowOf(flow.getTime());
        List<Contribution<?>> contributions = new ArrayList<>(3);
        for (LinkEvent event : LinkEvents.of(flow, namer)) {
            contributions.add(new Contribution<>(LinkAggregateType.INSTANCE, event.key().asString(), window,
                    new LinkAggregate().add(event.observation())));
        }
        return contributions;
    }

    public List<Contribution<?>> of(LostEvents lost) {
        return List.of(new Contribution<>(LostEventsAggregateType.INSTANCE, lost.getNode(), windowOf(lost.getTime()),
                new LostEventsCount(lost.getNumEventsLost())));
    }
}
