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
        topicNodes.clear();
        nodes.forEach(node -> topicNodes.put(node.getName(), node));
        current = rebuild();
    }

    public synchronized void put(Node node) {
        topicNodes.put(node.getName(), node);
        current = rebuild();
    }

    public synchronized void remove(String name) {
        if (topicNodes.remove(name) != null) {
            current = rebuild();
        }
    }

    private NodeInventory rebuild() {
        Map<String, Node> merged = new TreeMap<>(fileNodes);
        merged.putAll(topicNodes);
        return NodeInventory.of(merged.values());
    }
}
