package io.flowpulse.streams.topology;

import io.flowpulse.schemas.avro.Node;
import io.flowpulse.streams.logic.naming.NodeInventory;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The current node inventory, shared by the global inventory processor (which writes it) and the
 * stage-1 tasks (which read it): the nodes of an optional topology file, overlaid by the nodes of
 * the inventory topic (a topic record replaces the file's node of the same name).
 */
public final class InventoryHolder {

    private final Map<String, Node> fileNodes = new TreeMap<>();
    private final Map<String, Node> topicNodes = new TreeMap<>();
    private volatile NodeInventory current;

    public InventoryHolder(Collection<Node> nodesFromFile) {
        nodesFromFile.forEach(node -> fileNodes.put(node.getName(), node));
        current = rebuild();
    }

    public NodeInventory current() {
        return current;
    }

    public synchronized void replaceTopicNodes(Collection<Node> nodes) {
        Map<String, Node> replaced = new TreeMap<>();
        nodes.forEach(node -> replaced.put(node.getName(), node));
        apply(replaced);
    }

    /** Adds or replaces a node; an invalid node (e.g. a malformed CIDR) is rejected and changes nothing. */
    public synchronized void put(Node node) {
        Map<String, Node> updated = new TreeMap<>(topicNodes);
        updated.put(node.getName(), node);
        apply(updated);
    }

    public synchronized void remove(String name) {
        if (topicNodes.containsKey(name)) {
            Map<String, Node> updated = new TreeMap<>(topicNodes);
            updated.remove(name);
            apply(updated);
        }
    }

    private void apply(Map<String, Node> newTopicNodes) {
        NodeInventory inventory = build(newTopicNodes);
        topicNodes.clear();
        topicNodes.putAll(newTopicNodes);
        current = inventory;
    }

    private NodeInventory rebuild() {
        return build(topicNodes);
    }

    private NodeInventory build(Map<String, Node> fromTopic) {
        Map<String, Node> merged = new TreeMap<>(fileNodes);
        merged.putAll(fromTopic);
        return NodeInventory.of(merged.values());
    }
}
