package io.flowpulse.streams.logic.link;

import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.streams.logic.naming.EndpointNamer;
import io.flowpulse.streams.logic.naming.EndpointNames;
import java.util.List;

/** Turns a flow into its link events, one per level, each in the flow's own direction. */
public final class LinkEvents {

    private LinkEvents() {
    }

    /** L3_L4 flows, and flows without a Type (UNKNOWN_TYPE or empty), are link events; L7 and SOCK are not. */
    public static boolean isLinkEvent(Flow flow) {
        String type = flow.getFlowType();
        return type == null || type.isEmpty() || "L3_L4".equals(type) || "UNKNOWN_TYPE".equals(type);
    }

    /** The three link events of a flow (workload, node, subnet), or none when it is not a link event. */
    public static List<LinkEvent> of(Flow flow, EndpointNamer namer) {
        if (!isLinkEvent(flow)) {
            return List.of();
        }
        VerdictClass verdict = VerdictClass.of(flow.getVerdict());
        LinkObservation observation = new LinkObservation(verdict,
                verdict == VerdictClass.DROPPED ? DropReasons.nameOf(flow) : null);
        EndpointNames src = namer.source(flow);
        EndpointNames dst = namer.destination(flow);
        return List.of(
                new LinkEvent(new LinkKey(LinkLevel.WORKLOAD, src.workload(), dst.workload()), observation),
                new LinkEvent(new LinkKey(LinkLevel.NODE, src.node(), dst.node()), observation),
                new LinkEvent(new LinkKey(LinkLevel.SUBNET, src.subnet(), dst.subnet()), observation));
    }
}
