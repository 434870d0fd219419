package io.flowpulse.simulator.capture;

import io.flowpulse.schemas.topology.Topology;
import io.flowpulse.schemas.topology.TopologyWriter;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.cluster.SimNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The node inventory of a simulated cluster as the offline topology file the analytics read (subnets, nodes, addresses, pod CIDRs). */
public final class ClusterTopology {

    private ClusterTopology() {
    }

    public static Topology of(Cluster cluster) {
        List<Topology.Subnet> subnets = new ArrayList<>();
        for (Map.Entry<String, List<SimNode>> subnet : cluster.subnets().entrySet()) {
            List<Topology.Node> nodes = new ArrayList<>();
            for (SimNode node : subnet.getValue()) {
                nodes.add(new Topology.Node(node.name(), List.of(node.address()), List.of(node.podCidr().toString())));
            }
            subnets.add(new Topology.Subnet(subnet.getKey(), nodes));
        }
        return new Topology(subnets);
    }

    public static String toYaml(Cluster cluster) {
        return TopologyWriter.toYaml(of(cluster));
    }

    public static void write(Cluster cluster, Path file) {
        TopologyWriter.write(of(cluster), file);
    }
}
