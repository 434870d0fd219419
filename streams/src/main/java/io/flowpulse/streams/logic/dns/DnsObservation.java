package io.flowpulse.streams.logic.dns;

import java.util.Objects;

/** One DNS request or response of a client; {@code rcode} and {@code latencyNanos} only mean something for responses. */
public record DnsObservation(DnsMessageType type, String query, int rcode, long latencyNanos, long timeMicros) {

    public DnsObservation {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(query, "query");
    }
}
