package io.flowpulse.ingest.nodes;

import io.fabric8.kubernetes.api.model.NodeAddress;
import io.flowpulse.schemas.avro.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a Kubernetes v1 Node (fabric8's model) to our inventory record. */
public final class KubernetesNodes {

    private KubernetesNodes() {
    }

    public static Node toNode(io.fabric8.kubernetes.api.model.Node k8sNode, SubnetRules subnets) {
        String name = k8sNode.getMetadata() == null ? null : k8sNode.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Kubernetes node object without metadata.name");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (k8sNode.getMetadata().getLabels() != null) {
            labels.putAll(k8sNode.getMetadata().getLabels());
        }
        List<NodeAddress> all = k8sNode.getStatus() == null || k8sNode.getStatus().getAddresses() == null
                ? List.of() : k8sNode.getStatus().getAddresses();
        List<String> addresses = new ArrayList<>();
        for (String type : List.of("InternalIP", "ExternalIP")) {
            for (NodeAddress a : all) {
                if (type.equals(a.getType()) && a.getAddress() != null) {
                    addresses.add(a.getAddress());
                }
            }
        }
        List<String> podCidrs = new ArrayList<>();
        if (k8sNode.getSpec() != null) {
            if (k8sNode.getSpec().getPodCIDRs() != null) {
                podCidrs.addAll(k8sNode.getSpec().getPodCIDRs());
            }
            String single = k8sNode.getSpec().getPodCIDR();
            if (podCidrs.isEmpty() && single != null && !single.isEmpty()) {
                podCidrs.add(single);
            }
        }
        return Node.newBuilder()
                .setName(name)
                .setAddresses(addresses)
                .setPodCidrs(podCidrs)
                .setSubnet(subnets.subnetOf(labels, addresses))
                .setLabels(labels)
                .setUpdatedAt(Instant.now())
                .build();
    }
}
