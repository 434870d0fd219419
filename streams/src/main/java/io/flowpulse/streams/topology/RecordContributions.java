package io.flowpulse.streams.topology;

import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.alert.LostEventsAggregate;
import io.flowpulse.streams.logic.dns.DnsAggregate;
import io.flowpulse.streams.logic.dns.DnsEvents;
import io.flowpulse.streams.logic.latency.L7LatencySamples;
import io.flowpulse.streams.logic.latency.LatencySample;
import io.flowpulse.streams.logic.link.LinkAggregate;
import io.flowpulse.streams.logic.link.LinkEvent;
import io.flowpulse.streams.logic.link.LinkEvents;
import io.flowpulse.streams.logic.naming.EndpointNamer;
import io.flowpulse.streams.logic.sketch.LatencyDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a flow or lost-events record contributes to the windowed aggregates, without any state
 * (TCP handshake pairing, which needs state, is done by the stage-1 processor and turned into
 * contributions with {@link #of(LatencySample)}).
 */
public final class RecordContributions {

    private final Duration windowSize;
    private final AggregateTypes types;

    public RecordContributions(Duration windowSize, AggregateTypes types) {
        this.windowSize = Objects.requireNonNull(windowSize, "windowSize");
        this.types = Objects.requireNonNull(types, "types");
    }

    public TimeWindow windowOf(Instant time) {
        return TimeWindow.containing(time, windowSize);
    }

    /** Link events (3 levels), the DNS event of its client, and its L7 latency sample (2 levels). */
    public List<Contribution<?>> of(Flow flow, EndpointNamer namer) {
        TimeWindow window = windowOf(flow.getTime());
        List<Contribution<?>> contributions = new ArrayList<>(3);
        for (LinkEvent event : LinkEvents.of(flow, namer)) {
            contributions.add(new Contribution<>(LinkAggregateType.INSTANCE, event.key().asString(), window,
                    new LinkAggregate().add(event.observation())));
        }
        DnsEvents.of(flow).ifPresent(event -> contributions.add(new Contribution<>(types.dns(), event.client(), window,
                new DnsAggregate().add(event.observation()))));
        L7LatencySamples.of(flow, namer).ifPresent(sample -> contributions.addAll(of(sample)));
        return contributions;
    }

    /** A latency sample under its node and subnet keys, in the window of the sample's time. */
    public List<Contribution<?>> of(LatencySample sample) {
        TimeWindow window = windowOf(EpochMicros.toInstant(sample.timeMicros()));
        List<Contribution<?>> contributions = new ArrayList<>(2);
        for (LatencySample.KeyedLatencySample keyed : sample.keyed()) {
            contributions.add(new Contribution<>(LatencyAggregateType.INSTANCE, keyed.key().asString(), window,
                    new LatencyDigest().add(keyed.timeMicros(), keyed.valueNanos())));
        }
        return contributions;
    }

    public List<Contribution<?>> of(LostEvents lost) {
        return List.of(new Contribution<>(LostEventsAggregateType.INSTANCE, lost.getNode(), windowOf(lost.getTime()),
                new LostEventsAggregate().add(lost)));
    }
}
