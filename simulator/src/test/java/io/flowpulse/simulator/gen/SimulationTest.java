package io.flowpulse.simulator.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.hubble.flow.FlowProtos.Endpoint;
import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.flow.FlowProtos.FlowType;
import io.flowpulse.hubble.flow.FlowProtos.L7FlowType;
import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.schemas.hubble.HubbleJson;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.cluster.SimPod;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final Pattern DEPLOYMENT_POD = Pattern.compile("[a-z0-9-]+-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}");

    @Test
    void defaultModelHasTwelveNodesInFiveSubnets() {
        Cluster cluster = Cluster.build(ModelLoader.defaultModel(), 1);
        assertThat(cluster.nodes()).hasSize(12);
        assertThat(cluster.subnets().keySet()).containsExactly("lab-a", "lab-b", "lab-c", "cloud-d", "edge-e");
        assertThat(cluster.workloads().keySet()).contains("shop/web", "shop/cart", "shop/checkout", "shop/catalog",
                "data/postgres", "data/redis", "data/kafka", "kube-system/coredns", "monitoring/prometheus",
                "monitoring/node-exporter");
        assertThat(cluster.workload("monitoring/node-exporter").pods()).hasSize(12);
    }

    @Test
    void podsLiveInsideTheirNodesPodCidrWithKubernetesStyleNames() {
        Cluster cluster = Cluster.build(ModelLoader.defaultModel(), 1);
        for (SimPod pod : cluster.pods()) {
            assertThat(pod.node().podCidr().contains(io.flowpulse.simulator.cluster.Ipv4.parse(pod.ip()))).as(pod.toString()).isTrue();
        }
        assertThat(cluster.workload("shop/web").pods()).allSatisfy(p -> assertThat(p.name()).matches(DEPLOYMENT_POD).startsWith("web-"));
        assertThat(cluster.workload("data/kafka").pods()).extracting(SimPod::name).containsExactly("kafka-0", "kafka-1", "kafka-2");
        assertThat(cluster.workload("monitoring/node-exporter").pods())
                .allSatisfy(p -> assertThat(p.name()).matches("node-exporter-[bcdfghjklmnpqrstvwxz2456789]{5}"));
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() {
        String first = json(Runs.run(2, 42));
        String second = json(Runs.run(2, 42));
        String other = json(Runs.run(2, 43));
        assertThat(first.length()).isGreaterThan(1_000_000);
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void eventsComeInTimeOrderWithinTheDuration() {
        List<GetFlowsResponse> events = Runs.run(2, 5);
        long previous = Long.MIN_VALUE;
        long end = Runs.START.getEpochSecond() * 1_000_000_000L + Duration.ofMinutes(2).toNanos();
        Set<String> uuids = new HashSet<>();
        for (GetFlowsResponse r : events) {
            long t = r.getTime().getSeconds() * 1_000_000_000L + r.getTime().getNanos();
            assertThat(t).isGreaterThanOrEqualTo(previous).isLessThan(end);
            previous = t;
            if (r.hasFlow()) {
                assertThat(r.getFlow().getTime()).isEqualTo(r.getTime());
                assertThat(r.getFlow().getNodeName()).isEqualTo(r.getNodeName());
                assertThat(uuids.add(r.getFlow().getUuid())).isTrue();
            }
        }
    }

    @Test
    void endpointIdIsSetOnlyOnTheEndpointLocalToTheObservingNode() {
        ClusterModel model = ModelLoader.defaultModel();
        Simulation simulation = Runs.simulation(model, 1, 9);
        Map<String, String> nodeOfPod = new HashMap<>();
        for (SimPod pod : simulation.cluster().pods()) {
            nodeOfPod.put(pod.workload().namespace() + "/" + pod.name(), pod.node().name());
        }
        int checked = 0;
        GetFlowsResponse r;
        while ((r = simulation.next()) != null) {
            Flow f = r.getFlow();
            for (Endpoint e : List.of(f.getSource(), f.getDestination())) {
                String node = nodeOfPod.get(e.getNamespace() + "/" + e.getPodName());
                if (node == null) {
                    assertThat(e.getLabelsList()).containsExactly("reserved:world");
                    assertThat(e.getID()).isZero();
                } else if (node.equals(f.getNodeName())) {
                    assertThat(e.getID()).as("local endpoint in %s", f.getSummary()).isPositive();
                } else {
                    assertThat(e.getID()).as("remote endpoint in %s", f.getSummary()).isZero();
                }
            }
            assertThat(f.getSource().getID() > 0 || f.getDestination().getID() > 0)
                    .as("every event is recorded at the node of one of its ends").isTrue();
            checked++;
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void synAckAtTheClientNodeComesOneRoundTripAfterTheSyn() {
        Simulation simulation = Runs.simulation(ModelLoader.defaultModel(), 1, 3);
        List<GetFlowsResponse> events = Runs.run(1, 3);
        Map<String, Map<Integer, List<Handshakes.Sample>>> samples = Handshakes.bySubnetPair(events, simulation.cluster());
        // cloud-d -> lab-c is modelled as 18 ms base with 1.5 ms exponential jitter
        List<Handshakes.Sample> wan = samples.get("cloud-d->lab-c").get(0);
        assertThat(wan.size()).isGreaterThan(100);
        assertThat(wan).allSatisfy(s -> assertThat(s.ms()).isBetween(18.0, 40.0));
        double mean = wan.stream().mapToDouble(Handshakes.Sample::ms).average().orElseThrow();
        assertThat(mean).isCloseTo(19.5, org.assertj.core.data.Offset.offset(0.4));
        // pods in one subnet: 0.35 ms base
        assertThat(samples.get("lab-a->lab-a").get(0)).allSatisfy(s -> assertThat(s.ms()).isBetween(0.04, 2.0));
    }

    @Test
    void everyKindOfTrafficIsPresent() {
        List<GetFlowsResponse> events = Runs.run(1, 11);
        boolean dnsRequest = false, dnsResponse = false, httpResponse = false, redirected = false, world = false,
                udp = false, icmp = false, policyVerdict = false;
        for (GetFlowsResponse r : events) {
            Flow f = r.getFlow();
            if (f.getType() == FlowType.L7 && f.getL7().hasDns()) {
                dnsRequest |= f.getL7().getType() == L7FlowType.REQUEST && f.getL7().getLatencyNs() == 0;
                dnsResponse |= f.getL7().getType() == L7FlowType.RESPONSE && f.getL7().getLatencyNs() > 0
                        && f.getIsReply().getValue();
            }
            if (f.getType() == FlowType.L7 && f.getL7().hasHttp() && f.getL7().getType() == L7FlowType.RESPONSE) {
                httpResponse |= f.getL7().getHttp().getCode() == 200 && f.getL7().getLatencyNs() > 0;
            }
            redirected |= f.getVerdict() == Verdict.REDIRECTED && f.getProxyPort() > 0;
            world |= f.getDestination().getLabelsList().contains("reserved:world") && f.getDestination().getIdentity() == 2;
            udp |= f.getL4().hasUDP() && f.getL4().getUDP().getDestinationPort() == 9125;
            icmp |= f.getL4().hasICMPv4() && f.getL4().getICMPv4().getType() == 0 && f.getIsReply().getValue();
            policyVerdict |= f.getEventType().getType() == 5;
        }
        assertThat(List.of(dnsRequest, dnsResponse, httpResponse, redirected, world, udp, icmp, policyVerdict)).containsOnly(true);
    }

    @Test
    void rateScaleReachesTheRequestedEventRate() {
        ClusterModel model = ModelLoader.defaultModel();
        SimulationOptions options = SimulationOptions.forModel(model).withDuration(Duration.ofMinutes(2));
        double scale = Simulation.rateScaleFor(model, options, 2_000);
        Simulation scaled = new Simulation(model, options.withRateScale(scale));
        long events = 0;
        while (scaled.next() != null) {
            events++;
        }
        assertThat(events / 120.0).isCloseTo(2_000, org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Test
    void rejectsUnknownWorkloadsInTraffic() {
        String yaml = """
                subnets:
                  - name: a
                    nodes: [{name: n1, address: 10.0.0.1, podCIDR: 10.1.0.0/24}]
                namespaces:
                  - name: x
                    workloads: [{name: c}]
                traffic:
                  - {client: x/c, server: x/missing, protocol: TCP, port: 80, rate: 1}
                """;
        ClusterModel model = ModelLoader.parse(yaml);
        assertThatThrownBy(() -> Runs.run(model, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown workload 'x/missing'");
    }

    @Test
    void printedEventsParseBackUnchanged() throws Exception {
        List<GetFlowsResponse> events = Runs.run(1, 2).subList(0, 2_000);
        for (GetFlowsResponse r : events) {
            assertThat(HubbleJson.parseResponse(HubbleJson.print(r))).isEqualTo(r);
        }
    }

    private static String json(List<GetFlowsResponse> events) {
        StringBuilder sb = new StringBuilder();
        for (GetFlowsResponse r : events) {
            sb.append(HubbleJson.print(r)).append('\n');
        }
        return sb.toString();
    }
}
