package io.flowpulse.simulator.cluster;

import io.flowpulse.hubble.flow.FlowProtos.Endpoint;

/** A pod with its endpoint descriptions prebuilt: local (with endpoint ID) and remote (without). */
public final class SimPod implements Peer {

    private final SimWorkload workload;
    private final String name;
    private final String ip;
    private final SimNode node;
    private final int endpointId;
    private final Endpoint local;
    private final Endpoint remote;

    SimPod(SimWorkload workload, String name, String ip, SimNode node, int endpointId) {
        this.workload = workload;
        this.name = name;
        this.ip = ip;
        this.node = node;
        this.endpointId = endpointId;
        Endpoint.Builder b = Endpoint.newBuilder()
                .setIdentity(workload.identity())
                .setNamespace(workload.namespace())
                .addAllLabels(workload.labels())
                .setPodName(name)
                .addWorkloads(workload.workloadProto());
        this.remote = b.build();
        this.local = b.setID(endpointId).build();
    }

    public SimWorkload workload() {
        return workload;
    }

    public String name() {
        return name;
    }

    @Override
    public String ip() {
        return ip;
    }

    @Override
    public SimNode node() {
        return node;
    }

    public int endpointId() {
        return endpointId;
    }

    @Override
    public Endpoint endpointAt(SimNode observer) {
        return observer == node ? local : remote;
    }

    @Override
    public String workloadName() {
        return workload.qualifiedName();
    }

    @Override
    public String toString() {
        return workload.namespace() + "/" + name + "@" + node.name();
    }
}
