package io.flowpulse.simulator.cluster;

import io.flowpulse.hubble.flow.FlowProtos.Endpoint;

/** One end of a conversation: a pod, or an address outside the cluster. */
public interface Peer {

    String ip();

    /** The node the peer runs on, or null outside the cluster. */
    SimNode node();

    /** The endpoint as Hubble on {@code observer} describes it: with its endpoint ID only when local there. */
    Endpoint endpointAt(SimNode observer);

    /** The workload as {@code namespace/name}, or the reserved label outside the cluster. */
    String workloadName();
}
