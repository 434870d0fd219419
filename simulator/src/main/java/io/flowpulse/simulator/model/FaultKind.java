package io.flowpulse.simulator.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The faults the simulator can inject, by the name used in models and on the command line. */
public enum FaultKind {
    /** Connections on a workload link are denied by network policy (DROPPED, POLICY_DENIED). Target: {@code ns/a->ns/b}. */
    POLICY_DROP("policy-drop"),
    /** A fraction of the data packets on a workload link are dropped with another reason. Target: {@code ns/a->ns/b}. */
    PACKET_DROP("packet-drop"),
    /** A subnet is reachable only through a relay with high latency and jitter. Target: a subnet. */
    RELAYED_PATH("relayed-path"),
    /** The path between two subnets (or from one subnet to all others) is slow and jittery. Target: {@code a->b} or {@code a}. */
    DEGRADED_PATH("degraded-path"),
    /** Most DNS answers to a client are NXDOMAIN. Target: client workload. */
    NXDOMAIN("nxdomain"),
    /** Part of the DNS answers to a client are SERVFAIL. Target: client workload. */
    SERVFAIL("servfail"),
    /** A client's DNS query rate jumps by a factor. Target: client workload. */
    DNS_STORM("dns-storm"),
    /** A client looks up algorithmically generated names. Target: client workload. */
    DGA("dga"),
    /** Part of the DNS answers to a client take 0.6-1.5 s. Target: client workload. */
    SLOW_DNS("slow-dns"),
    /** A node's Hubble reports lost events. Target: node name. */
    LOST_EVENTS("lost-events");

    private final String id;

    FaultKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static FaultKind byId(String id) {
        for (FaultKind kind : values()) {
            if (kind.id.equalsIgnoreCase(id.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown fault kind '" + id + "'; known: "
                + Arrays.stream(values()).map(FaultKind::id).collect(Collectors.joining(", ")));
    }
}
