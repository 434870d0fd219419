package io.flowpulse.simulator.gen;

import io.flowpulse.hubble.flow.FlowProtos.DropReason;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.cluster.SimWorkload;
import io.flowpulse.simulator.model.FaultKind;
import io.flowpulse.simulator.model.FaultSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The faults of a simulation, checked against the cluster and looked up by what they affect. */
public final class FaultBook {

    private final List<FaultSpec> faults;
    private final double[] boundaries;

    public FaultBook(List<FaultSpec> faults, Cluster cluster) {
        this.faults = List.copyOf(faults);
        TreeSet<Double> edges = new TreeSet<>();
        for (FaultSpec fault : this.faults) {
            validate(fault, cluster);
            if (fault.startMinute() != null) {
                edges.add(fault.startMinute());
            }
            if (fault.endMinute() != null) {
                edges.add(fault.endMinute());
            }
        }
        this.boundaries = edges.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public List<FaultSpec> all() {
        return faults;
    }

    public List<FaultSpec> ofKind(FaultKind kind) {
        List<FaultSpec> result = new ArrayList<>();
        for (FaultSpec f : faults) {
            if (f.kind() == kind) {
                result.add(f);
            }
        }
        return result;
    }

    /** The first active fault of the kind on the link client -> server, or null. */
    FaultSpec onLink(FaultKind kind, SimWorkload client, SimWorkload server, double minute) {
        for (FaultSpec f : faults) {
            if (f.kind() == kind && f.activeAt(minute) && linkMatches(f.target(), client, server)) {
                return f;
            }
        }
        return null;
    }

    /** The first active fault of the kind on a client workload, or null. */
    FaultSpec onClient(FaultKind kind, SimWorkload client, double minute) {
        for (FaultSpec f : faults) {
            if (f.kind() == kind && f.activeAt(minute) && workloadMatches(f.target(), client)) {
                return f;
            }
        }
        return null;
    }

    /** The latency that a relayed or degraded path fault imposes between two subnets, or null. */
    PathLatency pathOverride(String subnetA, String subnetB, double minute) {
        if (subnetA.equals(subnetB)) {
            return null;
        }
        for (FaultSpec f : faults) {
            if (!f.activeAt(minute)) {
                continue;
            }
            if (f.kind() == FaultKind.RELAYED_PATH && (f.target().equals(subnetA) || f.target().equals(subnetB))) {
                return latency(f, 180, 75, "uniform");
            }
            if (f.kind() == FaultKind.DEGRADED_PATH && pathMatches(f.target(), subnetA, subnetB)) {
                return latency(f, 120, 40, "exponential");
            }
        }
        return null;
    }

    /** The first fault edge (start or end minute) strictly after the minute, or NaN when none is left. */
    double nextBoundaryAfter(double minute) {
        for (double b : boundaries) {
            if (b > minute) {
                return b;
            }
        }
        return Double.NaN;
    }

    static DropReason dropReason(FaultSpec fault, DropReason fallback) {
        String value = fault.param("reason", null);
        if (value == null) {
            return fallback;
        }
        DropReason reason;
        try {
            reason = DropReason.forNumber(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            try {
                reason = DropReason.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                reason = null;
            }
        }
        if (reason == null || reason == DropReason.DROP_REASON_UNKNOWN) {
            throw new IllegalArgumentException("fault " + fault + ": unknown drop reason '" + value + "'");
        }
        return reason;
    }

    private static PathLatency latency(FaultSpec f, double rtt, double jitter, String distribution) {
        return new PathLatency(f.param("rttMs", rtt), f.param("jitterMs", jitter),
                PathLatency.distribution(f.param("distribution", distribution)));
    }

    private static boolean pathMatches(String target, String a, String b) {
        int arrow = target.indexOf("->");
        if (arrow < 0) {
            return target.equals(a) || target.equals(b);
        }
        String x = target.substring(0, arrow).trim();
        String y = target.substring(arrow + 2).trim();
        return (x.equals(a) && y.equals(b)) || (x.equals(b) && y.equals(a));
    }

    private static boolean linkMatches(String target, SimWorkload client, SimWorkload server) {
        int arrow = target.indexOf("->");
        return workloadMatches(target.substring(0, arrow).trim(), client)
                && workloadMatches(target.substring(arrow + 2).trim(), server);
    }

    /** {@code ns/name}, or {@code ns/*} for a whole namespace. */
    static boolean workloadMatches(String pattern, SimWorkload workload) {
        if (workload == null) {
            return false;
        }
        if (pattern.endsWith("/*")) {
            return workload.namespace().equals(pattern.substring(0, pattern.length() - 2));
        }
        return workload.qualifiedName().equals(pattern);
    }

    private static void validate(FaultSpec f, Cluster cluster) {
        switch (f.kind()) {
            case POLICY_DROP, PACKET_DROP -> {
                int arrow = f.target().indexOf("->");
                if (arrow < 0) {
                    throw new IllegalArgumentException("fault " + f + ": target must be client->server workloads, e.g. shop/web->data/postgres");
                }
                requireWorkload(f, f.target().substring(0, arrow).trim(), cluster);
                requireWorkload(f, f.target().substring(arrow + 2).trim(), cluster);
                if (f.kind() == FaultKind.PACKET_DROP) {
                    dropReason(f, DropReason.CT_MAP_INSERTION_FAILED);
                }
                requireFraction(f);
            }
            case RELAYED_PATH -> requireSubnet(f, f.target(), cluster);
            case DEGRADED_PATH -> {
                int arrow = f.target().indexOf("->");
                if (arrow < 0) {
                    requireSubnet(f, f.target(), cluster);
                } else {
                    requireSubnet(f, f.target().substring(0, arrow).trim(), cluster);
                    requireSubnet(f, f.target().substring(arrow + 2).trim(), cluster);
                }
            }
            case NXDOMAIN, SERVFAIL, DNS_STORM, DGA, SLOW_DNS -> {
                requireWorkload(f, f.target(), cluster);
                requireFraction(f);
                if (f.param("factor", 10) <= 0) {
                    throw new IllegalArgumentException("fault " + f + ": factor must be positive");
                }
            }
            case LOST_EVENTS -> {
                if (cluster.node(f.target()) == null) {
                    throw new IllegalArgumentException("fault " + f + ": unknown node '" + f.target() + "'");
                }
                if (f.param("every", 5) <= 0) {
                    throw new IllegalArgumentException("fault " + f + ": every must be a positive number of seconds");
                }
            }
        }
        if (f.kind() == FaultKind.RELAYED_PATH || f.kind() == FaultKind.DEGRADED_PATH) {
            latency(f, 1, 1, "exponential"); // fails on a negative rttMs/jitterMs or an unknown distribution
        }
    }

    private static void requireFraction(FaultSpec f) {
        double fraction = f.param("fraction", 0.5);
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fault " + f + ": fraction must be between 0 and 1");
        }
    }

    private static void requireWorkload(FaultSpec f, String pattern, Cluster cluster) {
        boolean found = cluster.workloads().values().stream().anyMatch(w -> workloadMatches(pattern, w));
        if (!found) {
            throw new IllegalArgumentException("fault " + f + ": no workload matches '" + pattern + "' (expected namespace/name)");
        }
    }

    private static void requireSubnet(FaultSpec f, String subnet, Cluster cluster) {
        if (!cluster.subnets().containsKey(subnet)) {
            throw new IllegalArgumentException("fault " + f + ": unknown subnet '" + subnet + "'; known: " + cluster.subnets().keySet());
        }
    }
}
