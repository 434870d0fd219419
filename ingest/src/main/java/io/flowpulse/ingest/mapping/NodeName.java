package io.flowpulse.ingest.mapping;

/** Hubble names a node "cluster/node" when the agent has a cluster name, else just "node". */
public final class NodeName {

    private NodeName() {
    }

    /** The node without a "cluster/" prefix. */
    public static String node(String nodeName) {
        int slash = nodeName.indexOf('/');
        return slash < 0 ? nodeName : nodeName.substring(slash + 1);
    }

    /** The cluster of a "cluster/node" name; null when there is no prefix. */
    public static String cluster(String nodeName) {
        int slash = nodeName.indexOf('/');
        return slash <= 0 ? null : nodeName.substring(0, slash);
    }
}
