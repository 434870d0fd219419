package io.flowpulse.streams.logic.latency;

import static io.flowpulse.streams.logic.TestFlows.T0;
import static io.flowpulse.streams.logic.TestFlows.dns;
import static io.flowpulse.streams.logic.TestFlows.http;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.streams.logic.naming.EndpointNamer;
import io.flowpulse.streams.logic.naming.NodeInventory;
import java.util.List;
import org.junit.jupiter.api.Test;

class L7LatencySamplesTest {

    private final EndpointNamer namer = new EndpointNamer(NodeInventory.of(List.of(
            Node.newBuilder().setName("node-1").setSubnet("lab-a").setPodCidrs(List.of("10.244.1.0/24")).build(),
            Node.newBuilder().setName("node-2").setSubnet("lab-b").setPodCidrs(List.of("10.244.2.0/24")).build())));

    private static final Endpoint CLIENT = Endpoint.newBuilder().setId(7).setNamespace("shop").setPodName("web-abcde").build();
    private static final Endpoint SERVER = Endpoint.newBuilder().setNamespace("kube-system").setPodName("coredns-xyz12").build();

    private static Flow.Builder response(Flow.Builder flow) {
        return flow.setSourceIp("10.244.2.30").setDestinationIp("10.244.1.10").setSource(SERVER).setDestination(CLIENT);
    }

    @Test
    void responseLatencyIsASampleFromItsDestinationToItsSource() {
        Flow dnsResponse = response(dns(T0.plusMillis(5), "node-1", "RESPONSE", "a.", 0, 2_500_000)).build();
        assertThat(L7LatencySamples.of(dnsResponse, namer)).contains(new LatencySample(LatencyKind.DNS,
                "node-1", "lab-a", "node-2", "lab-b", EpochMicros.of(T0.plusMillis(5)), 2_500_000));
        Flow httpResponse = response(http(T0, "node-1", "RESPONSE", 200, 12_000_000)).build();
        assertThat(L7LatencySamples.of(httpResponse, namer)).map(LatencySample::kind).contains(LatencyKind.HTTP);
    }

    @Test
    void requestsAndResponsesWithoutLatencyAreNoSamples() {
        assertThat(L7LatencySamples.of(response(dns(T0, "node-1", "REQUEST", "a.", 0, 0)).build(), namer)).isEmpty();
        assertThat(L7LatencySamples.of(response(dns(T0, "node-1", "RESPONSE", "a.", 0, 0)).build(), namer)).isEmpty();
        assertThat(L7LatencySamples.of(response(http(T0, "node-1", "RESPONSE", 200, 5)).setFlowType("L3_L4").build(), namer)).isEmpty();
    }

    @Test
    void samplesAreKeyedAtNodeAndSubnetLevel() {
        LatencySample sample = new LatencySample(LatencyKind.DNS, "node-1", "lab-a", "node-2", "lab-b", 5, 9);
        assertThat(sample.keyed()).extracting(k -> k.key().asString())
                .containsExactly("node|dns|node-1|node-2", "subnet|dns|lab-a|lab-b");
        assertThat(LatencyKey.parse("subnet|tcp_handshake|lab-a|lab-b"))
                .isEqualTo(new LatencyKey(LatencyLevel.SUBNET, LatencyKind.TCP_HANDSHAKE, "lab-a", "lab-b"));
    }
}
