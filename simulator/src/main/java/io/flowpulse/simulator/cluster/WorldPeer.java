package io.flowpulse.simulator.cluster;

import io.flowpulse.hubble.flow.FlowProtos.Endpoint;

/** An address outside the cluster, which Hubble labels reserved:world (identity 2). */
public final class WorldPeer implements Peer {

    public static final int WORLD_IDENTITY = 2;

    private final String host;
    private final String ip;
    private final Endpoint endpoint;

    public WorldPeer(String host, String ip) {
        this.host = host;
        this.ip = ip;
        this.endpoint = Endpoint.newBuilder().setIdentity(WORLD_IDENTITY).addLabels("reserved:world").build();
    }

    public String host() {
        return host;
    }

    @Override
    public String ip() {
        return ip;
    }

    @Override
    public SimNode node() {
        return null;
    }

    @Override
    public Endpoint endpointAt(SimNode observer) {
        return endpoint;
    }

    @Override
    public String workloadName() {
        return "reserved:world";
    }
}
