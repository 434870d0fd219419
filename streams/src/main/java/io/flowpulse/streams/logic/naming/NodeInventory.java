package io.flowpulse.streams.logic.naming;

import io.flowpulse.schemas.avro.Node;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable snapshot of the node inventory: node names, addresses, pod CIDRs and subnets.
 * Updates ({@link #withNode}, {@link #withoutNode}) return a new snapshot, so a Kafka Streams
 * processor can swap a volatile reference when a {@code flowpulse.nodes.v1} record arrives.
 *
 * <p>Overlaps are resolved deterministically: the longest matching pod CIDR wins; when two nodes
 * claim the same CIDR or address, the node whose name sorts first wins.
 */
public final class NodeInventory {

    public static final String UNKNOWN = "unknown";

    private static final NodeInventory EMPTY = new NodeInventory(new TreeMap<>());

    private final SortedMap<String, Node> nodes;
    private final PrefixTable<String> podCidrs;
    private final PrefixTable<String> addresses;

    private NodeInventory(TreeMap<String, Node> nodes) {
        this.nodes = Collections.unmodifiableSortedMap(nodes);
        PrefixTable.Builder<String> cidrs = PrefixTable.builder();
        PrefixTable.Builder<String> hosts = PrefixTable.builder();
        for (Node node : nodes.values()) {
            for (String cidr : node.getPodCidrs()) {
                cidrs.add(parse(cidr, node, "pod CIDR"), node.getName());
            }
            for (String address : node.getAddresses()) {
                PrefixTable.Cidr host = parse(address, node, "address");
                if (host.prefixLength() != host.network().bits()) {
                    throw new IllegalArgumentException("node " + node.getName() + ": address '" + address
                            + "' is a network, not a host address");
                }
                hosts.add(host, node.getName());
            }
        }
        this.podCidrs = cidrs.build();
        this.addresses = hosts.build();
    }

    public static NodeInventory empty() {
        return EMPTY;
    }

    /** An inventory of these nodes; a node name given twice is an error. */
    public static NodeInventory of(Collection<Node> nodes) {
        TreeMap<String, Node> byName = new TreeMap<>();
        for (Node node : nodes) {
            validate(node);
            if (byName.put(node.getName(), node) != null) {
                throw new IllegalArgumentException("node '" + node.getName() + "' is listed twice");
            }
        }
        return new NodeInventory(byName);
    }

    /** This inventory with {@code node} added or replaced (same name). */
    public NodeInventory withNode(Node node) {
        validate(node);
        TreeMap<String, Node> copy = new TreeMap<>(nodes);
        copy.put(node.getName(), node);
        return new NodeInventory(copy);
    }

    /** This inventory without the named node (a tombstone on the nodes topic). */
    public NodeInventory withoutNode(String name) {
        if (!nodes.containsKey(name)) {
            return this;
        }
        TreeMap<String, Node> copy = new TreeMap<>(nodes);
        copy.remove(name);
        return new NodeInventory(copy);
    }

    public Map<String, Node> nodes() {
        return nodes;
    }

    public Optional<Node> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** The node whose pod CIDR contains {@code ip} (longest prefix), or null. */
    public String nodeOwningPodIp(IpAddress ip) {
        return podCidrs.lookup(ip);
    }

    /** The node that has {@code ip} as one of its addresses, or null. */
    public String nodeWithAddress(IpAddress ip) {
        return addresses.lookup(ip);
    }

    /** Subnet of a node; {@value #UNKNOWN} for a node that is not in the inventory. */
    public String subnetOf(String nodeName) {
        Node node = nodes.get(nodeName);
        if (node == null || node.getSubnet() == null || node.getSubnet().isBlank()) {
            return UNKNOWN;
        }
        return node.getSubnet();
    }

    private static void validate(Node node) {
        Objects.requireNonNull(node, "node");
        if (node.getName() == null || node.getName().isBlank()) {
            throw new IllegalArgumentException("node without a name: " + node);
        }
    }

    private static PrefixTable.Cidr parse(String text, Node node, String what) {
        try {
            return PrefixTable.Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node " + node.getName() + ": invalid " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "NodeInventory" + nodes.keySet();
    }
}
