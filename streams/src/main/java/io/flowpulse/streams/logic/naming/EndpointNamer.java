package io.flowpulse.streams.logic.naming;

import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the two endpoints of a flow at the workload, node and subnet levels (analytics spec section 2),
 * against one snapshot of the node inventory: make a new namer when the inventory changes.
 * Thread-safe.
 */
public final class EndpointNamer {

    public static final String EXTERNAL = "external";
    public static final String UNKNOWN = "unknown";

    /** Cilium 1.15+ splits the world identity by family; all three mean "outside the cluster". */
    private static final List<String> WORLD_LABELS = List.of("reserved:world", "reserved:world-ipv4", "reserved:world-ipv6");

    /** Flows repeat the same few addresses; the cache belongs to this inventory snapshot, so it never goes stale. */
    private static final int MAX_CACHED_ADDRESSES = 65_536;
    private static final String NO_NODE = "";

    private final NodeInventory inventory;
    private final Map<String, String> nodeByIp = new ConcurrentHashMap<>();

    public EndpointNamer(NodeInventory inventory) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
    }

    public NodeInventory inventory() {
        return inventory;
    }

    public EndpointNames source(Flow flow) {
        return names(flow.getSource(), flow.getSourceIp(), flow.getNode());
    }

    public EndpointNames destination(Flow flow) {
        return names(flow.getDestination(), flow.getDestinationIp(), flow.getNode());
    }

    public EndpointNames names(Endpoint endpoint, String ip, String observingNode) {
        String node = nodeOf(endpoint, ip, observingNode);
        return new EndpointNames(WorkloadNames.workloadOf(endpoint), node, subnetOfNode(node));
    }

    /** Node of an endpoint whose address is {@code ip}, in a flow observed at {@code observingNode}. */
    public String nodeOf(Endpoint endpoint, String ip, String observingNode) {
        if (endpoint.getId() > 0 && observingNode != null && !observingNode.isEmpty()) {
            return observingNode;
        }
        if (ip != null && !ip.isEmpty()) {
            String node = nodeByIp.get(ip);
            if (node == null) {
                node = lookUp(ip);
                if (nodeByIp.size() >= MAX_CACHED_ADDRESSES) {
                    nodeByIp.clear();
                }
                nodeByIp.put(ip, node);
            }
            if (!node.isEmpty()) {
                return node;
            }
        }
        for (String label : endpoint.getLabels()) {
            if (WORLD_LABELS.contains(label)) {
                return EXTERNAL;
            }
        }
        return UNKNOWN;
    }

    /** Node by pod CIDR, else by node address; "" when neither matches or {@code ip} is not an address. */
    private String lookUp(String ip) {
        IpAddress address = IpAddress.parseOrNull(ip);
        if (address == null) {
            return NO_NODE;
        }
        String owner = inventory.nodeOwningPodIp(address);
        if (owner != null) {
            return owner;
        }
        String host = inventory.nodeWithAddress(address);
        return host != null ? host : NO_NODE;
    }

    /** Subnet of a node name as returned by {@link #nodeOf}; {@code external} and {@code unknown} stay as they are. */
    public String subnetOfNode(String node) {
        if (EXTERNAL.equals(node) || UNKNOWN.equals(node)) {
            return node;
        }
        return inventory.subnetOf(node);
    }
}
