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
    final Counter eventTimeRejected;
    final AtomicLong lastEventTimeMicros = new AtomicLong();

    public IngestCounters(MeterRegistry registry, String source) {
        flows = counter(registry, source, "flowpulse_ingest_flows",
                "Flow records read from the source");
        lostEventRecords = counter(registry, source, "flowpulse_ingest_lost_event_records",
                "Hubble lost-events records read (each published to the flows topic)");
        eventsLost = counter(registry, source, "flowpulse_ingest_hubble_events_lost",
                "Sum of num_events_lost reported by Hubble");
        nodeStatus = counter(registry, source, "flowpulse_ingest_node_status_events",
                "Hubble Relay node status events (logged, not published)");
        other = counter(registry, source, "flowpulse_ingest_other_events",
                "Events that are neither flows nor lost events (agent/debug events)");
        invalid = counter(registry, source, "flowpulse_ingest_invalid_records",
                "Records that could not be parsed; sent to the dead-letter topic");
        mappingFailed = counter(registry, source, "flowpulse_ingest_mapping_failures",
                "Flows that could not be mapped to Avro; sent to the dead-letter topic");
        eventTimeRejected = counter(registry, source, "flowpulse_ingest_event_time_rejected",
                "Of the mapping failures, events whose time was implausible (too old, or ahead of the clock)");
        registry.gauge("flowpulse_ingest_event_lag_seconds", io.micrometer.core.instrument.Tags.of("source", source),
                lastEventTimeMicros, t -> t.get() == 0 ? 0 : Math.max(0,
                        System.currentTimeMillis() / 1000.0 - t.get() / 1_000_000.0));
    }

    private static Counter counter(MeterRegistry registry, String source, String name, String description) {
        return Counter.builder(name).tag("source", source).description(description).register(registry);
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

    public long eventTimeRejected() {
        return (long) eventTimeRejected.count();
    }
}
