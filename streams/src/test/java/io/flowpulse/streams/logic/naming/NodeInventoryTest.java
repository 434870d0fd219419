package io.flowpulse.streams.logic.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.avro.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeInventoryTest {

    static Node node(String name, String subnet, List<String> addresses, List<String> podCidrs) {
        return Node.newBuilder().setName(name).setSubnet(subnet).setAddresses(addresses).setPodCidrs(podCidrs).build();
    }

    private final NodeInventory inventory = NodeInventory.of(List.of(
            node("node-1", "lab-a", List.of("192.168.10.11", "fd00:192:168:10::11"), List.of("10.244.1.0/24", "fd00:244:1::/64")),
            node("node-2", "lab-b", List.of("192.168.20.12"), List.of("10.244.2.0/24"))));

    @Test
    void findsNodesByPodCidrAndAddressInBothFamilies() {
        assertThat(inventory.nodeOwningPodIp(IpAddress.parse("10.244.1.30"))).isEqualTo("node-1");
        assertThat(inventory.nodeOwningPodIp(IpAddress.parse("fd00:244:1::30"))).isEqualTo("node-1");
        assertThat(inventory.nodeOwningPodIp(IpAddress.parse("10.244.2.30"))).isEqualTo("node-2");
        assertThat(inventory.nodeOwningPodIp(IpAddress.parse("10.244.3.30"))).isNull();
        assertThat(inventory.nodeWithAddress(IpAddress.parse("192.168.20.12"))).isEqualTo("node-2");
        assertThat(inventory.nodeWithAddress(IpAddress.parse("fd00:192:168:10::11"))).isEqualTo("node-1");
        assertThat(inventory.nodeWithAddress(IpAddress.parse("192.168.20.13"))).isNull();
        assertThat(inventory.subnetOf("node-2")).isEqualTo("lab-b");
        assertThat(inventory.subnetOf("node-9")).isEqualTo("unknown");
    }

    @Test
    void updatesReturnNewSnapshots() {
        NodeInventory moved = inventory.withNode(node("node-2", "lab-c", List.of("192.168.30.12"), List.of("10.244.2.0/24")));
        assertThat(moved.subnetOf("node-2")).isEqualTo("lab-c");
        assertThat(moved.nodeWithAddress(IpAddress.parse("192.168.20.12"))).isNull();
        assertThat(inventory.subnetOf("node-2")).isEqualTo("lab-b");

        NodeInventory removed = moved.withoutNode("node-2");
        assertThat(removed.nodes()).containsOnlyKeys("node-1");
        assertThat(removed.nodeOwningPodIp(IpAddress.parse("10.244.2.1"))).isNull();
        assertThat(removed.withoutNode("absent")).isSameAs(removed);
    }

    @Test
    void sharedCidrGoesToTheNodeNamedFirst() {
        NodeInventory clash = NodeInventory.of(List.of(
                node("node-b", "s", List.of(), List.of("10.1.0.0/16")),
                node("node-a", "s", List.of(), List.of("10.1.0.0/16"))));
        assertThat(clash.nodeOwningPodIp(IpAddress.parse("10.1.2.3"))).isEqualTo("node-a");
    }

    @Test
    void invalidNodesAreRejectedWithTheNodeNamed() {
        assertThatThrownBy(() -> NodeInventory.of(List.of(node("n1", "s", List.of(), List.of("10.0.0.0/40")))))
                .hasMessageContaining("n1").hasMessageContaining("pod CIDR");
        assertThatThrownBy(() -> NodeInventory.of(List.of(node("n1", "s", List.of("10.0.0.0/24"), List.of()))))
                .hasMessageContaining("n1").hasMessageContaining("not a host address");
        assertThatThrownBy(() -> NodeInventory.of(List.of(node("n1", "s", List.of(), List.of()),
                node("n1", "t", List.of(), List.of())))).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> NodeInventory.empty().withNode(node(" ", "s", List.of(), List.of())))
                .hasMessageContaining("without a name");
    }
}
