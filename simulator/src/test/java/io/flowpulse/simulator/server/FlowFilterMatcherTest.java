package io.flowpulse.simulator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.hubble.flow.FlowProtos.DNS;
import io.flowpulse.hubble.flow.FlowProtos.Endpoint;
import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.flow.FlowProtos.FlowFilter;
import io.flowpulse.hubble.flow.FlowProtos.Layer7;
import io.flowpulse.hubble.flow.FlowProtos.Service;
import io.flowpulse.hubble.flow.FlowProtos.Workload;
import com.google.protobuf.BoolValue;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FlowFilterMatcherTest {

    private static final Flow FLOW = HubbleServerTest.flow(1, "homelab/n1", io.flowpulse.hubble.flow.FlowProtos.Verdict.FORWARDED, "web-abc", true)
            .getFlow().toBuilder()
            .setSource(Endpoint.newBuilder().setNamespace("shop").setPodName("web-abc").addLabels("k8s:app=web")
                    .addWorkloads(Workload.newBuilder().setName("web").setKind("Deployment")))
            .setDestinationService(Service.newBuilder().setNamespace("kube-system").setName("kube-dns"))
            .setIsReply(BoolValue.of(false))
            .setL7(Layer7.newBuilder().setDns(DNS.newBuilder().setQuery("cart.shop.svc.cluster.local.")))
            .build();

    @Test
    void matchesTheSupportedFields() {
        assertThat(matches(FlowFilter.newBuilder().addSourceLabel("app=web"))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addSourceLabel("k8s:app=web"))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addSourceLabel("app=cart"))).isFalse();
        assertThat(matches(FlowFilter.newBuilder().addSourceWorkload(Workload.newBuilder().setName("web")))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addDestinationService("kube-system/kube-dns"))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addDestinationService("kube-system/"))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addDestinationService("shop/kube-dns"))).isFalse();
        assertThat(matches(FlowFilter.newBuilder().addNodeName("n*"))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addNodeName("homelab/n1"))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addNodeName("n2"))).isFalse();
        assertThat(matches(FlowFilter.newBuilder().addReply(false))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addReply(true))).isFalse();
        assertThat(matches(FlowFilter.newBuilder().addDestinationPort("53"))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addSourcePort("53"))).isFalse();
        assertThat(matches(FlowFilter.newBuilder().addDnsQuery("^cart\\."))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addProtocol("DNS").addProtocol("http"))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addSourcePod("web-"))).isTrue();
        assertThat(matches(FlowFilter.newBuilder().addSourcePod("data/web-"))).isFalse();
    }

    @Test
    void rejectsWhatItCannotEvaluate() {
        assertThatThrownBy(() -> FlowFilterMatcher.compile(FlowFilter.newBuilder().addHttpPath("/x").build()))
                .hasMessageContaining("http_path");
        assertThatThrownBy(() -> FlowFilterMatcher.compile(FlowFilter.newBuilder().addProtocol("quic").build()))
                .hasMessageContaining("quic");
        assertThatThrownBy(() -> FlowFilterMatcher.compile(FlowFilter.newBuilder().addSourceIp("10.0.0.0/99").build()))
                .hasMessageContaining("10.0.0.0/99");
        assertThatThrownBy(() -> FlowFilterMatcher.compile(FlowFilter.newBuilder().addDnsQuery("(").build()))
                .hasMessageContaining("dns_query");
    }

    private static boolean matches(FlowFilter.Builder filter) {
        Predicate<Flow> p = FlowFilterMatcher.compile(filter.build());
        return p.test(FLOW);
    }
}
