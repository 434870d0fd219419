package io.flowpulse.streams.logic.dns;

import io.flowpulse.schemas.avro.Dns;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Layer7;
import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.streams.logic.naming.WorkloadNames;
import java.util.Optional;

/**
 * Turns an L7 DNS flow into a DNS event of its client: the source of a REQUEST, the destination of
 * a RESPONSE. Query names are kept exactly as Hubble writes them (with the trailing dot).
 */
public final class DnsEvents {

    private DnsEvents() {
    }

    /** The DNS event of a flow; empty for non-L7 flows, L7 flows without DNS, and SAMPLE/unknown L7 types. */
    public static Optional<DnsEvent> of(Flow flow) {
        if (!"L7".equals(flow.getFlowType())) {
            return Optional.empty();
        }
        Layer7 l7 = flow.getL7();
        if (l7 == null || l7.getDns() == null) {
            return Optional.empty();
        }
        Dns dns = l7.getDns();
        long time = EpochMicros.of(flow.getTime());
        String query = dns.getQuery() == null ? "" : dns.getQuery();
        return switch (l7.getType()) {
            case "REQUEST" -> Optional.of(new DnsEvent(WorkloadNames.workloadOf(flow.getSource()),
                    new DnsObservation(DnsMessageType.REQUEST, query, 0, 0, time)));
            case "RESPONSE" -> Optional.of(new DnsEvent(WorkloadNames.workloadOf(flow.getDestination()),
                    new DnsObservation(DnsMessageType.RESPONSE, query, dns.getRcode(), l7.getLatencyNs(), time)));
            default -> Optional.empty();
        };
    }
}
