package io.flowpulse.schemas.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The offline node inventory file: subnets, each with its nodes, their addresses and pod CIDRs.
 * {@link TopologyReader} reads it and {@link TopologyWriter} writes it:
 * <pre>
 * subnets:
 *   - name: lab-a
 *     nodes:
 *       - name: node-1
 *         addresses: [192.168.10.11]
 *         podCIDRs: [10.244.1.0/24]
 * </pre>
 * Nodes may also carry {@code labels} (a map). Addresses and CIDRs are kept as written; what they
 * mean is up to the reader of the model.
 */
public record Topology(List<Subnet> subnets) {

    // the keys of the file, shared by the reader and the writer
    static final String SUBNETS = "subnets";
    static final String NAME = "name";
    static final String NODES = "nodes";
    static final String ADDRESSES = "addresses";
    static final String POD_CIDRS = "podCIDRs";
    static final String LABELS = "labels";

    public Topology {
        subnets = List.copyOf(subnets);
    }

    /** A subnet and the nodes in it, in file order. */
    public record Subnet(String name, List<Node> nodes) {
        public Subnet {
            Objects.requireNonNull(name, "name");
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }
    }

    /** A node: its host addresses, the CIDRs its pods get their addresses from, and labels. */
    public record Node(String name, List<String> addresses, List<String> podCidrs, Map<String, String> labels) {
        public Node {
            Objects.requireNonNull(name, "name");
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            podCidrs = podCidrs == null ? List.of() : List.copyOf(podCidrs);
            // kept in file order, so that writing a read file keeps its labels where they were
            labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        public Node(String name, List<String> addresses, List<String> podCidrs) {
            this(name, addresses, podCidrs, Map.of());
        }
    }
}
