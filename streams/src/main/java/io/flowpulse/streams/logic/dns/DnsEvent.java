package io.flowpulse.streams.logic.dns;

/** A DNS observation keyed by its client workload. */
public record DnsEvent(String client, DnsObservation observation) {
}
