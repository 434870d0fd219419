package io.flowpulse.streams.logic.naming;

import static io.flowpulse.streams.logic.TestFlows.T0;
import static io.flowpulse.streams.logic.TestFlows.endpoint;
import static io.flowpulse.streams.logic.TestFlows.flow;
import static io.flowpulse.streams.logic.naming.NodeInventoryTest.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointNamerTest {

    private final EndpointNamer namer = new EndpointNamer(NodeInventory.of(List.of(
            node("node-1", "lab-a", List.of("192.168.10.11"), List.of("10.244.1.0/24")),
            node("node-2", "lab-b", List.of("192.168.20.12"), List.of("10.244.2.0/24")))));

    @Test
    void localEndpointBelongsToTheObservingNodeWhateverItsAddress() {
        Endpoint local = endpoint().setId(12).build();
        assertThat(namer.nodeOf(local, "10.244.2.5", "node-1")).isEqualTo("node-1");
        // a node missing from the inventory is still known by name, its subnet is not
        assertThat(namer.names(local, "10.244.2.5", "node-7"))
                .isEqualTo(new EndpointNames("unknown", "node-7", "unknown"));
    }

    @Test
    void remoteEndpointByPodCidrThenNodeAddress() {
        Endpoint remote = endpoint().build();
        assertThat(namer.nodeOf(remote, "10.244.2.5", "node-1")).isEqualTo("node-2");
        assertThat(namer.nodeOf(remote, "192.168.10.11", "node-2")).isEqualTo("node-1");
    }

    @Test
    void worldIsExternalOtherwiseUnknown() {
        assertThat(namer.nodeOf(endpoint().setLabels(List.of("reserved:world")).build(), "1.1.1.1", "node-1"))
                .isEqualTo("external");
        assertThat(namer.nodeOf(endpoint().setLabels(List.of("cidr:8.8.8.8/32", "reserved:world-ipv4")).build(),
                "8.8.8.8", "node-1")).isEqualTo("external");
        assertThat(namer.nodeOf(endpoint().setLabels(List.of("reserved:world-ipv6")).build(), "2001:db8::1", "node-1"))
                .isEqualTo("external");
        assertThat(namer.nodeOf(endpoint().setLabels(List.of("reserved:remote-node")).build(), "172.16.0.1", "node-1"))
                .isEqualTo("unknown");
        assertThat(namer.nodeOf(endpoint().build(), null, "node-1")).isEqualTo("unknown");
        // a pod CIDR match wins over the world label (e.g. a stale identity)
        assertThat(namer.nodeOf(endpoint().setLabels(List.of("reserved:world")).build(), "10.244.1.9", "node-2"))
                .isEqualTo("node-1");
    }

    @Test
    void subnetsFollowNodesAndPseudoNodesStay() {
        assertThat(namer.subnetOfNode("node-2")).isEqualTo("lab-b");
        assertThat(namer.subnetOfNode("external")).isEqualTo("external");
        assertThat(namer.subnetOfNode("unknown")).isEqualTo("unknown");
    }

    @Test
    void namesBothEndpointsOfAFlow() {
        Flow f = flow(T0, "node-1")
                .setSourceIp("10.244.1.10").setDestinationIp("10.244.2.20")
                .setSource(endpoint().setId(101).setNamespace("shop").setPodName("web-5d8c7f9b6d-q2w3e").build())
                .setDestination(endpoint().setNamespace("shop").setPodName("db-0").build())
                .build();
        assertThat(namer.source(f)).isEqualTo(new EndpointNames("shop/web", "node-1", "lab-a"));
        assertThat(namer.destination(f)).isEqualTo(new EndpointNames("shop/db-0", "node-2", "lab-b"));
    }

    @Test
    void withoutTopologySubnetsAreUnknown() {
        EndpointNamer bare = new EndpointNamer(NodeInventory.empty());
        assertThat(bare.names(endpoint().setId(3).build(), "10.244.1.10", "node-1"))
                .isEqualTo(new EndpointNames("unknown", "node-1", "unknown"));
        assertThat(bare.nodeOf(endpoint().build(), "10.244.1.10", "node-1")).isEqualTo("unknown");
    }

    @Test
    void repeatedAndUnparsableAddressesResolveConsistently() {
        Endpoint remote = endpoint().build();
        for (int i = 0; i < 3; i++) {
            assertThat(namer.nodeOf(remote, "10.244.2.5", "node-1")).isEqualTo("node-2");
            assertThat(namer.nodeOf(remote, "10.244.9.5", "node-1")).isEqualTo("unknown");
            assertThat(namer.nodeOf(remote, "not-an-ip", "node-1")).isEqualTo("unknown");
            assertThat(namer.nodeOf(endpoint().setLabels(List.of("reserved:world")).build(), "10.244.9.5", "node-1"))
                    .isEqualTo("external");
        }
    }
}
