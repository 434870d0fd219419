package io.flowpulse.ingest.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpulse.schemas.avro.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a Kubernetes v1 Node object (JSON) to our inventory record. */
public final class KubernetesNodes {

    private KubernetesNodes() {
    }

    public static Node toNode(JsonNode k8sNode, SubnetRules subnets) {
        JsonNode meta = k8sNode.path("metadata");
        String name = meta.path("name").asText("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Kubernetes node object without metadata.name");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        meta.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));

        List<String> addresses = new ArrayList<>();
        for (String type : List.of("InternalIP", "ExternalIP")) {
            for (JsonNode a : k8sNode.path("status").path("addresses")) {
                if (type.equals(a.path("type").asText())) {
                    addresses.add(a.path("address").asText());
                }
            }
        }
        List<String> podCidrs = new ArrayList<>();
        k8sNode.path("spec").path("podCIDRs").forEach(c -> podCidrs.add(c.asText()));
        String single = k8sNode.path("spec").path("podCIDR").asText("");
        if (podCidrs.isEmpty() && !single.isEmpty()) {
            podCidrs.add(single);
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
