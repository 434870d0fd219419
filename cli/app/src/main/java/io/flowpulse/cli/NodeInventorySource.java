package io.flowpulse.cli;

import io.flowpulse.ingest.nodes.KubernetesNodeWatcher;
import io.flowpulse.ingest.nodes.NodeInventoryPublisher;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.ingest.nodes.SubnetRules;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.streams.logic.naming.TopologyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Where ingest takes the node inventory from: a topology file, the Kubernetes API, or nowhere. */
final class NodeInventorySource implements NodeSource {

    private final Path topology;
    private final boolean watchKubernetes;
    private final String subnetLabel;
    private final String subnetCidrs;

    private NodeInventorySource(Path topology, boolean watchKubernetes, String subnetLabel, String subnetCidrs) {
        this.topology = topology;
        this.watchKubernetes = watchKubernetes;
        this.subnetLabel = subnetLabel;
        this.subnetCidrs = subnetCidrs;
    }

    /** The inventory of a topology file and/or the Kubernetes API; {@link NodeSource#NONE} with neither. */
    static NodeSource of(Path topology, boolean watchKubernetes, String subnetLabel, String subnetCidrs) {
        return topology == null && !watchKubernetes ? NodeSource.NONE
                : new NodeInventorySource(topology, watchKubernetes, subnetLabel, subnetCidrs);
    }

    /** Publishes the topology file now; starts the Kubernetes watch in the background. */
    @Override
    public void start(NodeInventoryPublisher publisher, BooleanSupplier stop) throws InterruptedException {
        if (topology != null) {
            List<Node> nodes = TopologyFile.read(topology);
            publisher.publishAll(nodes);
            System.err.printf("flowpulse ingest: published %d nodes from %s%n", nodes.size(), topology);
        }
        if (watchKubernetes) {
            KubernetesNodeWatcher watcher;
            try {
                watcher = KubernetesNodeWatcher.inCluster(SubnetRules.of(subnetLabel, subnetCidrs));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the service account: " + e.getMessage(), e);
            }
            Thread t = new Thread(() -> {
                try {
                    watcher.run(new KubernetesNodeWatcher.Listener() {
                        @Override
                        public void upserted(Node node) {
                            publisher.publish(node);
                        }

                        @Override
                        public void deleted(String nodeName) {
                            publisher.remove(nodeName);
                        }

                        @Override
                        public void listed(Set<String> nodeNames) {
                            if (topology == null) {
                                publisher.retainOnly(nodeNames);
                            }
                        }
                    }, stop);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kubernetes-node-watch");
            t.setDaemon(true);
            t.start();
        }
    }
}
