package io.flowpulse.simulator.gen;

import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.cluster.SimNode;
import io.flowpulse.simulator.model.ClusterModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Which round-trip time applies between two nodes (or a node and the world) at a given minute. */
final class LatencyModel {

    private final PathLatency sameNode;
    private final PathLatency sameSubnet;
    private final PathLatency world;
    private final PathLatency fallback;
    private final Map<String, PathLatency> links = new HashMap<>();
    private final FaultBook faults;

    LatencyModel(ClusterModel.Paths paths, Cluster cluster, FaultBook faults) {
        this.sameNode = PathLatency.of(paths.sameNode());
        this.sameSubnet = PathLatency.of(paths.sameSubnet());
        this.world = PathLatency.of(paths.world());
        this.fallback = PathLatency.of(paths.fallback());
        this.faults = faults;
        for (ClusterModel.SubnetLink link : paths.links()) {
            List<String> between = link.between();
            if (between == null || between.size() != 2) {
                throw new IllegalArgumentException("paths.links: 'between' must name exactly two subnets: " + between);
            }
            for (String subnet : between) {
                if (!cluster.subnets().containsKey(subnet)) {
                    throw new IllegalArgumentException("paths.links: unknown subnet '" + subnet + "'");
                }
            }
            PathLatency latency = PathLatency.of(link.path());
            links.put(key(between.get(0), between.get(1)), latency);
            links.put(key(between.get(1), between.get(0)), latency);
        }
    }

    /** The path between two nodes; {@code b == null} means the world. */
    PathLatency path(SimNode a, SimNode b, double minute) {
        if (b == null || a == null) {
            return world;
        }
        if (a == b) {
            return sameNode;
        }
        PathLatency override = faults.pathOverride(a.subnet(), b.subnet(), minute);
        if (override != null) {
            return override;
        }
        if (a.subnet().equals(b.subnet())) {
            return sameSubnet;
        }
        return links.getOrDefault(key(a.subnet(), b.subnet()), fallback);
    }

    long sampleRttNanos(SimNode a, SimNode b, double minute, SplittableRandom random) {
        long nanos = Math.round(path(a, b, minute).sampleMs(random) * 1_000_000.0);
        return Math.max(2_000, nanos & ~1L);
    }

    private static String key(String a, String b) {
        return a + "|" + b;
    }
}
