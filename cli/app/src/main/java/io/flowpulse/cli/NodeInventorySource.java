package io.flowpulse.cli;

import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.nodes.KubernetesNodeWatcher;
import io.flowpulse.ingest.nodes.NodeInventoryPublisher;
import io.flowpulse.ingest.nodes.SubnetRules;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.streams.logic.naming.TopologyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where ingest takes the node inventory from: a topology file, the Kubernetes API, or nowhere. */
final class NodeInventorySource {

    private final Path topology;
    private final boolean watchKubernetes;
    private final String subnetLabel;
    private final String subnetCidrs;

    NodeInventorySource(Path topology, boolean watchKubernetes, String subnetLabel, String subnetCidrs) {
        this.topology = topology;
        this.watchKubernetes = watchKubernetes;
        this.subnetLabel = subnetLabel;
        this.subnetCidrs = subnetCidrs;
    }

    /** Publishes the topology file now; starts the Kubernetes watch in the background. */
    void start(IngestService ingest) throws InterruptedException {
        NodeInventoryPublisher publisher = topology != null || watchKubernetes ? ingest.nodeInventory() : null;
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
                    }, ingest::stopping);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kubernetes-node-watch");
            t.setDaemon(true);
            t.start();
        }
    }
}
