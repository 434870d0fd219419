package io.flowpulse.schemas;

import java.util.List;

/** Default topic names; every one can be overridden in configuration. */
public final class Topics {
    /** Flow and LostEvents records, key = observing node name. */
    public static final String FLOWS = "hubble.flows.v1";
    /** Node inventory, compacted, key = node name. */
    public static final String NODES = "flowpulse.nodes.v1";
    public static final String LINKS = "flowpulse.links.v1";
    public static final String DNS = "flowpulse.dns.v1";
    public static final String LATENCY = "flowpulse.latency.v1";
    public static final String ALERTS = "flowpulse.alerts.v1";
    /** Records that could not be processed; reason and origin in headers. */
    public static final String DLQ = "flowpulse.dlq.v1";

    /**
     * Key of the end-of-replay marker on the flows topic (value null); cannot clash with a node name
     * (Kubernetes names are DNS labels). The streams topology closes its windows on it; other readers skip it.
     */
    public static final String END_OF_STREAM_KEY = "__flowpulse_end__";

    public static final List<String> ALL = List.of(FLOWS, NODES, LINKS, DNS, LATENCY, ALERTS, DLQ);

    private Topics() {
    }
}
