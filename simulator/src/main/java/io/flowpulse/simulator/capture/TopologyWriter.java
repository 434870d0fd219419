package io.flowpulse.simulator.capture;

import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.cluster.SimNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes the node inventory of a cluster as the offline topology file the analytics read (subnets, nodes, addresses, pod CIDRs). */
public final class TopologyWriter {

    private TopologyWriter() {
    }

    public static String toYaml(Cluster cluster) {
        StringBuilder yaml = new StringBuilder("subnets:\n");
        for (Map.Entry<String, List<SimNode>> subnet : cluster.subnets().entrySet()) {
            yaml.append("  - name: ").append(subnet.getKey()).append('\n');
            yaml.append("    nodes:\n");
            for (SimNode node : subnet.getValue()) {
                yaml.append("      - name: ").append(node.name()).append('\n');
                yaml.append("        addresses: [").append(node.address()).append("]\n");
                yaml.append("        podCIDRs: [").append(node.podCidr()).append("]\n");
            }
        }
        return yaml.toString();
    }

    public static void write(Cluster cluster, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toYaml(cluster), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write topology file " + file + ": " + e.getMessage(), e);
        }
    }
}
