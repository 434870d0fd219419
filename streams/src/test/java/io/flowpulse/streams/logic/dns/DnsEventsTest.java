package io.flowpulse.streams.logic.dns;

import static io.flowpulse.streams.logic.TestFlows.T0;
import static io.flowpulse.streams.logic.TestFlows.deployment;
import static io.flowpulse.streams.logic.TestFlows.dns;
import static io.flowpulse.streams.logic.TestFlows.http;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsEventsTest {

    private static final Endpoint WEB = deployment(10, "shop", "web", "web-5d8c7f9b6d-q2w3e");
    private static final Endpoint COREDNS = Endpoint.newBuilder().setNamespace("kube-system")
            .setPodName("coredns-5dd5756b68-x7p2k").setLabels(List.of("k8s:k8s-app=kube-dns")).build();

    @Test
    void requestBelongsToItsSourceAndResponseToItsDestination() {
        Flow request = dns(T0, "node-1", "REQUEST", "shop.example.", 0, 0).setSource(WEB).setDestination(COREDNS).build();
        Flow response = dns(T0.plusMillis(3), "node-1", "RESPONSE", "shop.example.", 3, 2_500_000)
                .setSource(COREDNS).setDestination(WEB).build();
        assertThat(DnsEvents.of(request)).contains(new DnsEvent("shop/web",
                new DnsObservation(DnsMessageType.REQUEST, "shop.example.", 0, 0, T0.getEpochSecond() * 1_000_000)));
        assertThat(DnsEvents.of(response)).contains(new DnsEvent("shop/web",
                new DnsObservation(DnsMessageType.RESPONSE, "shop.example.", 3, 2_500_000,
                        T0.getEpochSecond() * 1_000_000 + 3_000)));
    }

    @Test
    void otherFlowsAreNotDnsEvents() {
        assertThat(DnsEvents.of(dns(T0, "n", "SAMPLE", "a.", 0, 0).build())).isEmpty();
        assertThat(DnsEvents.of(dns(T0, "n", "REQUEST", "a.", 0, 0).setFlowType("L3_L4").build())).isEmpty();
        assertThat(DnsEvents.of(http(T0, "n", "RESPONSE", 200, 5).build())).isEmpty();
    }

    @Test
    void trailingDotIsKeptAsWritten() {
        Flow withDot = dns(T0, "n", "REQUEST", "example.com.", 0, 0).setSource(WEB).build();
        Flow withoutDot = dns(T0, "n", "REQUEST", "example.com", 0, 0).setSource(WEB).build();
        DnsAggregate aggregate = new DnsAggregate()
                .add(DnsEvents.of(withDot).orElseThrow().observation())
                .add(DnsEvents.of(withoutDot).orElseThrow().observation());
        assertThat(aggregate.distinctNames()).isEqualTo(2);
    }
}
