package io.flowpulse.cli.e2e;

import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.cluster.SimPod;
import io.flowpulse.simulator.cluster.SimWorkload;
import io.flowpulse.simulator.model.FaultSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The alerts that injected faults must raise and the only ones that may fire, worked out from the
 * fault specs and where the simulated cluster placed its pods (analytics spec section 6), never
 * from the output of the analytics.
 *
 * <ul>
 * <li>policy-drop / packet-drop {@code a->b}: LINK_DROP_RATE on {@code workload:a->b} must fire; it
 *     may fire on either direction between a and b at each level (the nodes and subnets of their pods).</li>
 * <li>relayed-path {@code s} / degraded-path {@code s}: XSUBNET_LATENCY and XSUBNET_JITTER must fire on some
 *     pair of s with another subnet and may fire on any of them; degraded-path {@code a->b}: both must fire
 *     on {@code subnet:a->b} and may fire on either direction.</li>
 * <li>nxdomain, servfail, slow-dns, dns-storm, dga of client c: DNS_NXDOMAIN_RATIO, DNS_SERVFAIL,
 *     DNS_LATENCY, DNS_VOLUME_SPIKE, DNS_SUSPICIOUS_NAME on {@code dns:c}.</li>
 * <li>lost-events {@code n}: LOST_EVENTS on {@code node:n}.</li>
 * </ul>
 */
final class ExpectedAlerts {

    /** An alert some fault must raise: which alert ids count, and the fault it comes from. */
    record Required(String description, Predicate<String> matchesId, FaultSpec fault) {
    }

    private final Cluster cluster;
    private final List<Required> required = new ArrayList<>();
    private final Set<String> allowed = new LinkedHashSet<>();

    ExpectedAlerts(Cluster cluster, List<FaultSpec> faults) {
        this.cluster = cluster;
        for (FaultSpec fault : faults) {
            add(fault);
        }
    }

    List<Required> required() {
        return required;
    }

    /** Ids ({@code <kind>:<subject>}) of every alert the faults may raise. */
    Set<String> allowed() {
        return allowed;
    }

    private void add(FaultSpec fault) {
        String target = fault.target();
        switch (fault.kind()) {
            case POLICY_DROP, PACKET_DROP -> linkDrops(fault);
            case RELAYED_PATH -> subnetAgainstAllOthers(fault, target);
            case DEGRADED_PATH -> {
                if (target.contains("->")) {
                    String[] ends = target.split("->");
                    for (String kind : List.of("XSUBNET_LATENCY", "XSUBNET_JITTER")) {
                        String id = kind + ":subnet:" + ends[0] + "->" + ends[1];
                        required.add(new Required(id, id::equals, fault));
                        allowed.add(id);
                        allowed.add(kind + ":subnet:" + ends[1] + "->" + ends[0]);
                    }
                } else {
                    subnetAgainstAllOthers(fault, target);
                }
            }
            case NXDOMAIN -> dns(fault, "DNS_NXDOMAIN_RATIO");
            case SERVFAIL -> dns(fault, "DNS_SERVFAIL");
            case SLOW_DNS -> dns(fault, "DNS_LATENCY");
            case DNS_STORM -> dns(fault, "DNS_VOLUME_SPIKE");
            case DGA -> dns(fault, "DNS_SUSPICIOUS_NAME");
            case LOST_EVENTS -> {
                String id = "LOST_EVENTS:node:" + target;
                required.add(new Required(id, id::equals, fault));
                allowed.add(id);
            }
            default -> throw new IllegalArgumentException("no expected alert worked out for fault " + fault);
        }
    }

    private void linkDrops(FaultSpec fault) {
        String[] ends = fault.target().split("->");
        for (SimWorkload client : workloads(ends[0])) {
            for (SimWorkload server : workloads(ends[1])) {
                String id = "LINK_DROP_RATE:workload:" + client.qualifiedName() + "->" + server.qualifiedName();
                required.add(new Required(id, id::equals, fault));
                allowBothWays("workload", client.qualifiedName(), server.qualifiedName());
                for (SimPod a : client.pods()) {
                    for (SimPod b : server.pods()) {
                        allowBothWays("node", a.node().name(), b.node().name());
                        allowBothWays("subnet", a.node().subnet(), b.node().subnet());
                    }
                }
            }
        }
    }

    private void allowBothWays(String level, String a, String b) {
        allowed.add("LINK_DROP_RATE:" + level + ":" + a + "->" + b);
        allowed.add("LINK_DROP_RATE:" + level + ":" + b + "->" + a);
    }

    private void subnetAgainstAllOthers(FaultSpec fault, String subnet) {
        if (!cluster.subnets().containsKey(subnet)) {
            throw new IllegalArgumentException("fault " + fault + " names an unknown subnet");
        }
        for (String kind : List.of("XSUBNET_LATENCY", "XSUBNET_JITTER")) {
            Set<String> ids = new LinkedHashSet<>();
            for (String other : cluster.subnets().keySet()) {
                if (!other.equals(subnet)) {
                    ids.add(kind + ":subnet:" + subnet + "->" + other);
                    ids.add(kind + ":subnet:" + other + "->" + subnet);
                }
            }
            allowed.addAll(ids);
            required.add(new Required(kind + " on a pair of " + subnet + " with another subnet", ids::contains, fault));
        }
    }

    private void dns(FaultSpec fault, String kind) {
        for (SimWorkload client : workloads(fault.target())) {
            String id = kind + ":dns:" + client.qualifiedName();
            required.add(new Required(id, id::equals, fault));
            allowed.add(id);
        }
    }

    /** {@code ns/name}, or every workload of a namespace for {@code ns/*}. */
    private List<SimWorkload> workloads(String target) {
        if (target.endsWith("/*")) {
            String namespace = target.substring(0, target.length() - 2);
            return cluster.workloads().values().stream().filter(w -> w.namespace().equals(namespace)).toList();
        }
        return List.of(cluster.workload(target));
    }
}
