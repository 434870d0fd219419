package io.flowpulse.streams.logic.naming;

import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.topology.Topology;
import io.flowpulse.schemas.topology.TopologyReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The offline node inventory (analytics spec section 8) as the analytics use it: the nodes of a
 * {@link Topology} file, read by {@link TopologyReader}, as inventory records. On top of the
 * reader's checks, addresses and pod CIDRs must parse, and addresses must be hosts; errors name
 * the offending entry.
 */
public final class TopologyFile {

    private TopologyFile() {
    }

    public static List<Node> read(Path file) {
        return nodes(TopologyReader.read(file), file.toString());
    }

    public static List<Node> parse(String yaml) {
        return nodes(TopologyReader.parse(yaml), "topology");
    }

    public static NodeInventory inventory(Path file) {
        return NodeInventory.of(read(file));
    }

    private static List<Node> nodes(Topology topology, String origin) {
        List<Node> nodes = new ArrayList<>();
        for (Topology.Subnet subnet : topology.subnets()) {
            for (int n = 0; n < subnet.nodes().size(); n++) {
                Topology.Node node = subnet.nodes().get(n);
                String where = origin + ": subnet " + subnet.name() + ", nodes[" + n + "]";
                nodes.add(Node.newBuilder()
                        .setName(node.name())
                        .setSubnet(subnet.name())
                        .setAddresses(validated(node.addresses(), where + " addresses"))
                        .setPodCidrs(validated(node.podCidrs(), where + " podCIDRs"))
                        .setLabels(new LinkedHashMap<>(node.labels()))
                        .build());
            }
        }
        NodeInventory.of(nodes); // fails early, with the node named, on addresses that are networks
        return nodes;
    }

    private static List<String> validated(List<String> values, String where) {
        for (String value : values) {
            try {
                PrefixTable.Cidr.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return values;
    }
}
