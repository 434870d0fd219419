package io.flowpulse.streams.logic.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.avro.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyFileTest {

    private static final String TOPOLOGY = """
            subnets:
              - name: lab-a
                nodes:
                  - name: node-1
                    addresses: [192.168.10.11]
                    podCIDRs: [10.244.1.0/24]
                  - name: node-2
                    addresses: [192.168.10.12, "fd00::12"]
                    podCIDRs: [10.244.2.0/24, "fd00:244:2::/64"]
                    labels: {zone: a}
              - name: lab-b
                latency: 40ms   # a setting of another tool, ignored here
                nodes:
                  - name: node-3
                    addresses: [192.168.20.13]
                    podCIDRs: [10.244.3.0/24]
            """;

    @Test
    void readsSubnetsNodesAddressesAndCidrs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, TOPOLOGY);
        List<Node> nodes = TopologyFile.read(file);
        assertThat(nodes).extracting(Node::getName).containsExactly("node-1", "node-2", "node-3");
        assertThat(nodes.get(1).getSubnet()).isEqualTo("lab-a");
        assertThat(nodes.get(1).getAddresses()).containsExactly("192.168.10.12", "fd00::12");
        assertThat(nodes.get(1).getPodCidrs()).containsExactly("10.244.2.0/24", "fd00:244:2::/64");
        assertThat(nodes.get(1).getLabels()).isEqualTo(Map.of("zone", "a"));
        assertThat(nodes.get(2).getSubnet()).isEqualTo("lab-b");

        NodeInventory inventory = TopologyFile.inventory(file);
        assertThat(inventory.nodeOwningPodIp(IpAddress.parse("fd00:244:2::9"))).isEqualTo("node-2");
        assertThat(inventory.nodeWithAddress(IpAddress.parse("192.168.20.13"))).isEqualTo("node-3");
        assertThat(inventory.subnetOf("node-3")).isEqualTo("lab-b");
    }

    @Test
    void errorsNameTheEntry() {
        assertThatThrownBy(() -> TopologyFile.parse("nodes: []")).hasMessageContaining("no 'subnets'");
        assertThatThrownBy(() -> TopologyFile.parse("subnets:\n  - nodes: []\n")).hasMessageContaining("subnets[0] has no name");
        assertThatThrownBy(() -> TopologyFile.parse("subnets:\n  - name: a\n    nodes:\n      - addresses: []\n"))
                .hasMessageContaining("subnet a, nodes[0] has no name");
        assertThatThrownBy(() -> TopologyFile.parse("subnets:\n  - name: a\n    nodes:\n      - name: n\n"
                + "        podCIDRs: [10.0.0.0/99]\n")).hasMessageContaining("subnet a, nodes[0] podCIDRs");
        assertThatThrownBy(() -> TopologyFile.parse("subnets:\n  - name: a\n    nodes: [{name: n}]\n"
                + "  - name: b\n    nodes: [{name: n}]\n")).hasMessageContaining("'n' is listed twice");
        assertThatThrownBy(() -> TopologyFile.parse("subnets: [unclosed")).hasMessageContaining("not a valid topology file");
    }

    @Test
    void subnetWithoutNodesIsAllowed() {
        assertThat(TopologyFile.parse("subnets:\n  - name: empty\n")).isEmpty();
    }
}
