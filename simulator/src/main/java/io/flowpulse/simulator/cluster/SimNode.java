package io.flowpulse.simulator.cluster;

/** A node of the simulated cluster. */
public final class SimNode {

    private final int index;
    private final String name;
    private final String subnet;
    private final String address;
    private final Ipv4.Cidr podCidr;

    SimNode(int index, String name, String subnet, String address, Ipv4.Cidr podCidr) {
        this.index = index;
        this.name = name;
        this.subnet = subnet;
        this.address = address;
        this.podCidr = podCidr;
    }

    /** Position in the cluster's node list, stable for a model. */
    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public String subnet() {
        return subnet;
    }

    public String address() {
        return address;
    }

    public Ipv4.Cidr podCidr() {
        return podCidr;
    }

    @Override
    public String toString() {
        return name;
    }
}
