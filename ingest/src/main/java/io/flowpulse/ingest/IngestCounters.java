package io.flowpulse.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** What ingest has seen and done; exported as Prometheus metrics and printed in summaries. */
public final class IngestCounters {

    final Counter flows;
    final Counter lostEventRecords;
    final Counter eventsLost;
    final Counter nodeStatus;
    final Counter other;
    final Counter invalid;
    final Counter mappingFailed;
    final AtomicLong lastEventTimeMicros = new AtomicLong();

    public IngestCounters(MeterRegistry registry, String source) {
        flows = Counter.builder("flowpulse_ingest_flows").tag("source", source)
                .description("Flow records read from the source").register(registry);
        lostEventRecords = Counter.builder("flowpulse_ingest_lost_event_records").tag("source", source)
                .description("Hubble lost-events records read (each published to the flows topic)").register(registry);
        eventsLost = Counter.builder("flowpulse_ingest_hubble_events_lost").tag("source", source)
                .description("Sum of num_events_lost reported by Hubble").register(registry);
        nodeStatus = Counter.builder("flowpulse_ingest_node_status_events").tag("source", source)
                .description("Hubble Relay node status events (logged, not published)").register(registry);
        other = Counter.builder("flowpulse_ingest_other_events").tag("source", source)
                .description("Events that are neither flows nor lost events (agent/debug events)").register(registry);
        invalid = Counter.builder("flowpulse_ingest_invalid_records").tag("source", source)
                .description("Records that could not be parsed; sent to the dead-letter topic").register(registry);
        mappingFailed = Counter.builder("flowpulse_ingest_mapping_failures").tag("source", source)
                .description("Flows that could not be mapped to Avro; sent to the dead-letter topic").register(registry);
        registry.gauge("flowpulse_ingest_event_lag_seconds", io.micrometer.core.instrument.Tags.of("source", source),
                lastEventTimeMicros, t -> t.get() == 0 ? 0 : Math.max(0,
                        System.currentTimeMillis() / 1000.0 - t.get() / 1_000_000.0));
    }

    public long flows() {
        return (long) flows.count();
    }

    public long lostEventRecords() {
        return (long) lostEventRecords.count();
    }

    public long eventsLost() {
        return (long) eventsLost.count();
    }

    public long nodeStatus() {
        return (long) nodeStatus.count();
    }

    public long other() {
        return (long) other.count();
    }

    public long invalid() {
        return (long) invalid.count();
    }

    public long mappingFailed() {
        return (long) mappingFailed.count();
    }
}
