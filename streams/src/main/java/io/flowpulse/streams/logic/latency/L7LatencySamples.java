package io.flowpulse.streams.logic.latency;

import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Layer7;
import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.streams.logic.naming.EndpointNamer;
import io.flowpulse.streams.logic.naming.EndpointNames;
import java.util.Optional;

/** dns and http latency samples: an L7 RESPONSE with latency_ns > 0; src = its destination, dst = its source. */
public final class L7LatencySamples {

    private L7LatencySamples() {
    }

    public static Optional<LatencySample> of(Flow flow, EndpointNamer namer) {
        Layer7 l7 = flow.getL7();
        if (!"L7".equals(flow.getFlowType()) || l7 == null || !"RESPONSE".equals(l7.getType()) || l7.getLatencyNs() <= 0) {
            return Optional.empty();
        }
        LatencyKind kind;
        if (l7.getDns() != null) {
            kind = LatencyKind.DNS;
        } else if (l7.getHttp() != null) {
            kind = LatencyKind.HTTP;
        } else {
            return Optional.empty();
        }
        EndpointNames client = namer.destination(flow);
        EndpointNames server = namer.source(flow);
        return Optional.of(new LatencySample(kind, client.node(), client.subnet(), server.node(), server.subnet(),
                EpochMicros.of(flow.getTime()), l7.getLatencyNs()));
    }
}
