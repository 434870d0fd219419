package io.flowpulse.streams.logic.latency;

import io.flowpulse.schemas.avro.Flow;
import java.util.Optional;

/** Protocol, addresses and ports of a flow, in the flow's direction. */
public record FiveTuple(String protocol, String srcIp, int srcPort, String dstIp, int dstPort) {

    public static Optional<FiveTuple> of(Flow flow) {
        if (flow.getProtocol() == null || flow.getSourceIp() == null || flow.getDestinationIp() == null
                || flow.getSourcePort() == null || flow.getDestinationPort() == null) {
            return Optional.empty();
        }
        return Optional.of(new FiveTuple(flow.getProtocol(), flow.getSourceIp(), flow.getSourcePort(),
                flow.getDestinationIp(), flow.getDestinationPort()));
    }

    public FiveTuple reversed() {
        return new FiveTuple(protocol, dstIp, dstPort, srcIp, srcPort);
    }

    /** State-store key of a handshake of this tuple observed at {@code node}. */
    public String keyAt(String node) {
        return node + "|" + protocol + "|" + srcIp + "|" + srcPort + "|" + dstIp + "|" + dstPort;
    }
}
