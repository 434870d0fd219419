package io.flowpulse.simulator.cluster;

import io.flowpulse.hubble.flow.FlowProtos;
import java.util.ArrayList;
import java.util.List;

/** A workload (Deployment, StatefulSet, DaemonSet) with its security identity, labels and pods. */
public final class SimWorkload {

    private final String namespace;
    private final String name;
    private final String kind;
    private final int identity;
    private final List<String> labels;
    private final FlowProtos.Workload workloadProto;
    private final List<SimPod> pods = new ArrayList<>();
    private FlowProtos.Service service;
    private String serviceFqdn;
    private String clusterIp;
    private List<Integer> servicePorts = List.of();

    SimWorkload(String namespace, String name, String kind, int identity, List<String> labels) {
        this.namespace = namespace;
        this.name = name;
        this.kind = kind;
        this.identity = identity;
        this.labels = List.copyOf(labels);
        this.workloadProto = FlowProtos.Workload.newBuilder().setName(name).setKind(kind).build();
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public String qualifiedName() {
        return namespace + "/" + name;
    }

    public String kind() {
        return kind;
    }

    public int identity() {
        return identity;
    }

    public List<String> labels() {
        return labels;
    }

    FlowProtos.Workload workloadProto() {
        return workloadProto;
    }

    public List<SimPod> pods() {
        return pods;
    }

    void addPod(SimPod pod) {
        pods.add(pod);
    }

    void exposeAs(FlowProtos.Service service, String fqdn, String clusterIp, List<Integer> ports) {
        this.service = service;
        this.serviceFqdn = fqdn;
        this.clusterIp = clusterIp;
        this.servicePorts = List.copyOf(ports);
    }

    /** The Service selecting this workload, or null. */
    public FlowProtos.Service service() {
        return service;
    }

    /** The fully qualified name of the workload's Service (with the trailing dot), or null. */
    public String serviceFqdn() {
        return serviceFqdn;
    }

    public String clusterIp() {
        return clusterIp;
    }

    public List<Integer> servicePorts() {
        return servicePorts;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
