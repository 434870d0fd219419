package io.flowpulse.ingest.mapping;

import static io.flowpulse.schemas.hubble.RecordedCaptures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.hubble.observer.ObserverProtos.ExportEvent;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.schemas.avro.Dns;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Http;
import io.flowpulse.schemas.avro.Layer7;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.avro.Policy;
import io.flowpulse.schemas.avro.Service;
import io.flowpulse.schemas.avro.Workload;
import io.flowpulse.schemas.hubble.HubbleJson;
import io.flowpulse.schemas.hubble.RecordedCaptures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowMapperTest {

    private static final String GKE_NODE = "gke-ilya-otel-demo-2-ilya-otel-demo-2-dac8cc20-hr0z";
    private static final List<String> NODE_LOCAL_DNS_LABELS = List.of(
            "k8s:io.cilium.k8s.policy.cluster=default",
            "k8s:io.cilium.k8s.policy.serviceaccount=node-local-dns",
            "k8s:io.kubernetes.pod.namespace=kube-system",
            "k8s:k8s-app=node-local-dns");
    private static final List<String> KUBE_DNS_LABELS = List.of(
            "k8s:io.cilium.k8s.policy.cluster=default",
            "k8s:io.cilium.k8s.policy.serviceaccount=kube-dns",
            "k8s:io.kubernetes.pod.namespace=kube-system",
            "k8s:k8s-app=kube-dns");
    private static final List<String> PROMETHEUS_LABELS = List.of(
            "k8s:app=prometheus",
            "k8s:io.cilium.k8s.namespace.labels.addonmanager.kubernetes.io/mode=EnsureExists",
            "k8s:io.cilium.k8s.namespace.labels.istio-injection=disabled",
            "k8s:io.cilium.k8s.namespace.labels.k8s-app=istio",
            "k8s:io.cilium.k8s.policy.cluster=default",
            "k8s:io.cilium.k8s.policy.serviceaccount=prometheus",
            "k8s:io.kubernetes.pod.namespace=istio-system",
            "k8s:release=istio");
    private static final List<String> PRODUCTPAGE_LABELS = List.of(
            "k8s:app=productpage",
            "k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=bookinfo",
            "k8s:io.cilium.k8s.policy.cluster=kind-kind",
            "k8s:io.cilium.k8s.policy.serviceaccount=bookinfo-productpage",
            "k8s:io.kubernetes.pod.namespace=bookinfo",
            "k8s:sidecar.opentelemetry.io/injected=bookinfo.otelcol-bookinfo",
            "k8s:version=v1");
    private static final List<String> RATINGS_LABELS = List.of(
            "k8s:app=ratings",
            "k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=bookinfo",
            "k8s:io.cilium.k8s.policy.cluster=kind-kind",
            "k8s:io.cilium.k8s.policy.serviceaccount=bookinfo-ratings",
            "k8s:io.kubernetes.pod.namespace=bookinfo",
            "k8s:sidecar.opentelemetry.io/injected=bookinfo.otelcol-bookinfo",
            "k8s:version=v1");
    private static final List<String> COREDNS_LABELS = List.of(
            "k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=kube-system",
            "k8s:io.cilium.k8s.policy.cluster=kind-kind",
            "k8s:io.cilium.k8s.policy.serviceaccount=coredns",
            "k8s:io.kubernetes.pod.namespace=kube-system",
            "k8s:k8s-app=kube-dns");
    private static final List<String> REVIEWS_LABELS = List.of(
            "k8s:app=reviews",
            "k8s:io.cilium.k8s.namespace.labels.istio-injection=enabled",
            "k8s:io.cilium.k8s.policy.cluster=default",
            "k8s:io.cilium.k8s.policy.serviceaccount=bookinfo-reviews",
            "k8s:io.kubernetes.pod.namespace=bookinfo",
            "k8s:security.istio.io/tlsMode=istio",
            "k8s:version=v1");

    private final FlowMapper mapper = new FlowMapper();

    private Flow mapFlow(String json) throws Exception {
        MappedEvent mapped = mapper.map(HubbleJson.parseLine(json));
        assertThat(mapped).isInstanceOf(MappedEvent.OfFlow.class);
        assertThat(mapped.kind()).isEqualTo(MappedEvent.Kind.FLOW);
        Flow flow = ((MappedEvent.OfFlow) mapped).flow();
        assertThat(mapped.nodeName()).isEqualTo(flow.getNodeName());
        assertThat(mapped.record()).isSameAs(flow);
        return flow;
    }

    /** A builder with every field of a plain recorded L3/L4 flow at its "absent" value. */
    private static Flow.Builder flow(String time, String nodeName, String verdict, String flowType) {
        return Flow.newBuilder()
                .setTime(Instant.parse(time))
                .setUuid(null)
                .setNodeName(nodeName)
                .setNode(nodeName)
                .setCluster(null)
                .setNodeLabels(List.of())
                .setVerdict(verdict)
                .setDropReason(null)
                .setDropReasonDesc(null)
                .setFlowType(flowType)
                .setEncrypted(false)
                .setTcpFlags(List.of())
                .setSourceNames(List.of())
                .setDestinationNames(List.of())
                .setEgressAllowedBy(List.of())
                .setIngressAllowedBy(List.of())
                .setEgressDeniedBy(List.of())
                .setIngressDeniedBy(List.of());
    }

    private static Endpoint endpoint(int id, long identity, String namespace, String pod, List<String> labels) {
        return Endpoint.newBuilder().setId(id).setIdentity(identity).setClusterName(null).setNamespace(namespace)
                .setPodName(pod).setLabels(labels).setWorkloads(List.of()).build();
    }

    @Test
    void dnsRequest() throws Exception {
        Flow flow = mapFlow(line("basic-sample-5-dns-flows.json", 1));

        String query = "istiod-istio-1611.istio-system.svc.istio-system.svc.cluster.local.";
        Flow expected = flow("2021-10-04T11:22:26.592280Z", GKE_NODE, "FORWARDED", "L7")
                .setEventType(129).setEventSubType(0)
                .setTrafficDirection("EGRESS").setIsReply(false).setTraceObservationPoint(null)
                .setIpVersion("IPv4").setSourceIp("10.156.2.2").setDestinationIp("10.156.2.3")
                .setProtocol("TCP").setSourcePort(59102).setDestinationPort(53)
                .setSource(endpoint(1747, 1563, "kube-system", "node-local-dns-88zrp", NODE_LOCAL_DNS_LABELS))
                .setDestination(endpoint(415, 796, "kube-system", "kube-dns-b4f5c58c7-vnx5s", KUBE_DNS_LABELS))
                .setL7(Layer7.newBuilder().setType("REQUEST").setLatencyNs(0).setHttp(null)
                        .setDns(Dns.newBuilder().setQuery(query).setIps(List.of()).setTtl(null).setCnames(List.of())
                                .setObservationSource("proxy").setRcode(0).setQtypes(List.of("A"))
                                .setRrtypes(List.of()).build())
                        .build())
                .setSummary("DNS Query " + query + " A")
                .build();
        assertThat(flow).isEqualTo(expected);
    }

    @Test
    void dnsResponseWithNxdomain() throws Exception {
        Flow flow = mapFlow(line("basic-sample-5-dns-flows.json", 2));

        String query = "istiod-istio-1611.istio-system.svc.istio-system.svc.cluster.local.";
        Flow expected = flow("2021-10-04T11:22:26.593860Z", GKE_NODE, "FORWARDED", "L7")
                .setEventType(129).setEventSubType(0)
                .setTrafficDirection("EGRESS").setIsReply(true)
                .setIpVersion("IPv4").setSourceIp("10.156.2.3").setDestinationIp("10.156.2.2")
                .setProtocol("TCP").setSourcePort(53).setDestinationPort(59102)
                .setSource(endpoint(415, 796, "kube-system", "kube-dns-b4f5c58c7-vnx5s", KUBE_DNS_LABELS))
                .setDestination(endpoint(1747, 1563, "kube-system", "node-local-dns-88zrp", NODE_LOCAL_DNS_LABELS))
                .setL7(Layer7.newBuilder().setType("RESPONSE").setLatencyNs(0).setHttp(null)
                        .setDns(Dns.newBuilder().setQuery(query).setIps(List.of()).setTtl(4294967295L)
                                .setCnames(List.of()).setObservationSource("proxy").setRcode(3)
                                .setQtypes(List.of("A")).setRrtypes(List.of()).build())
                        .build())
                .setSummary("DNS Answer RCode: Non-Existent Domain TTL: 4294967295 (Proxy " + query + " A)")
                .build();
        assertThat(flow).isEqualTo(expected);
    }

    @Test
    void httpRequest() throws Exception {
        Flow flow = mapFlow(line("basic-sample-5-http-flows.json", 1));

        Flow expected = flow("2021-10-04T14:28:38.735173Z", GKE_NODE, "FORWARDED", "L7")
                .setEventType(129).setEventSubType(0)
                .setTrafficDirection("EGRESS").setIsReply(false)
                .setIpVersion("IPv4").setSourceIp("10.156.2.7").setDestinationIp("10.128.0.4")
                .setProtocol("TCP").setSourcePort(48532).setDestinationPort(9990)
                .setSource(endpoint(3871, 16781, "istio-system", "prometheus-6655946b9f-6xcpf", PROMETHEUS_LABELS))
                .setDestination(endpoint(0, 2, null, null, List.of("reserved:world")))
                .setL7(Layer7.newBuilder().setType("REQUEST").setLatencyNs(0).setDns(null)
                        .setHttp(new Http(0, "GET", "http://10.128.0.4:9990/metrics", "HTTP/1.1"))
                        .build())
                .setSummary("HTTP/1.1 GET http://10.128.0.4:9990/metrics")
                .build();
        assertThat(flow).isEqualTo(expected);
    }

    @Test
    void httpResponseWithLatency() throws Exception {
        Flow flow = mapFlow(line("basic-sample-5-http-flows.json", 4));

        Flow expected = flow("2021-10-04T14:28:40.808318Z", GKE_NODE, "FORWARDED", "L7")
                .setEventType(129).setEventSubType(0)
                .setTrafficDirection("EGRESS").setIsReply(true)
                .setIpVersion("IPv4").setSourceIp("10.156.1.2").setDestinationIp("10.156.2.7")
                .setProtocol("TCP").setSourcePort(9253).setDestinationPort(57468)
                .setSource(endpoint(0, 2, "kube-system", "node-local-dns-r99x7", List.of("reserved:world")))
                .setDestination(endpoint(3871, 16781, "istio-system", "prometheus-6655946b9f-6xcpf", PROMETHEUS_LABELS))
                .setL7(Layer7.newBuilder().setType("RESPONSE").setLatencyNs(999_958_359L).setDns(null)
                        .setHttp(new Http(503, "GET", "http://10.156.1.2:9253/metrics", "HTTP/1.1"))
                        .build())
                .setSummary("HTTP/1.1 503 999ms (GET http://10.156.1.2:9253/metrics)")
                .build();
        assertThat(flow).isEqualTo(expected);
    }

    @Test
    void tcpWithFlagsAndInterface() throws Exception {
        Flow flow = mapFlow(line("basic-sample-400-tcp-flows.json", 25));

        Flow expected = flow("2021-11-10T10:40:56.886327Z", "kind-control-plane", "FORWARDED", "L3_L4")
                .setEventType(4).setEventSubType(0)
                .setTrafficDirection("EGRESS").setIsReply(true).setTraceObservationPoint("TO_ENDPOINT")
                .setIpVersion("IPv4").setSourceIp("10.244.0.177").setDestinationIp("10.244.0.206")
                .setProtocol("TCP").setSourcePort(9080).setDestinationPort(59736).setTcpFlags(List.of("SYN", "ACK"))
                .setSource(endpoint(881, 3418, "bookinfo", "productpage-v1-6b746f74dc-9rcxx", PRODUCTPAGE_LABELS))
                .setDestination(endpoint(2078, 16370, "bookinfo", "ratings-v1-b6994bb9-jgqxb", RATINGS_LABELS))
                .setInterfaceName("lxcca3d36ab92f9").setInterfaceIndex(27)
                .setSummary("TCP Flags: SYN, ACK")
                .build();
        assertThat(flow).isEqualTo(expected);
    }

    @Test
    void udpToProxy() throws Exception {
        Flow flow = mapFlow(line("basic-sample-400-udp-flows.json", 2));

        Flow expected = flow("2021-11-10T10:40:56.871894Z", "kind-control-plane", "FORWARDED", "L3_L4")
                .setEventType(4).setEventSubType(1)
                .setTrafficDirection("EGRESS").setIsReply(false).setTraceObservationPoint("TO_PROXY")
                .setIpVersion("IPv4").setSourceIp("10.244.0.206").setDestinationIp("10.244.1.227")
                .setProtocol("UDP").setSourcePort(54314).setDestinationPort(53)
                .setSource(endpoint(2078, 16370, "bookinfo", "ratings-v1-b6994bb9-jgqxb", RATINGS_LABELS))
                .setDestination(endpoint(0, 48342, "kube-system", "coredns-558bd4d5db-w2m67", COREDNS_LABELS))
                .setSummary("UDP")
                .build();
        assertThat(flow).isEqualTo(expected);
    }

    @Test
    void udpDnsResponseWithAnswer() throws Exception {
        Flow flow = mapFlow(line("basic-sample-400-udp-flows.json", 7));

        assertThat(flow.getProtocol()).isEqualTo("UDP");
        assertThat(flow.getSourcePort()).isEqualTo(53);
        assertThat(flow.getDestinationPort()).isEqualTo(54314);
        assertThat(flow.getTcpFlags()).isEmpty();
        assertThat(flow.getIsReply()).isTrue();
        assertThat(flow.getL7()).isEqualTo(Layer7.newBuilder().setType("RESPONSE").setLatencyNs(0).setHttp(null)
                .setDns(Dns.newBuilder().setQuery("productpage.bookinfo.svc.cluster.local.")
                        .setIps(List.of("10.245.218.54")).setTtl(19L).setCnames(List.of())
                        .setObservationSource("proxy").setRcode(0).setQtypes(List.of("A"))
                        .setRrtypes(List.of("A")).build())
                .build());
    }

    @Test
    void icmpv4EchoRequest() throws Exception {
        Flow flow = mapFlow(line("basic-sample-400-icmpv4-flows.json", 1));

        Flow expected = flow("2021-11-10T10:41:26.095336Z", "kind-control-plane", "FORWARDED", "L3_L4")
                .setEventType(4).setEventSubType(0)
                .setTrafficDirection("INGRESS").setIsReply(false).setTraceObservationPoint("TO_ENDPOINT")
                .setIpVersion("IPv4").setSourceIp("10.244.0.148").setDestinationIp("10.244.0.160")
                .setProtocol("ICMPv4").setSourcePort(null).setDestinationPort(null).setIcmpType(8).setIcmpCode(0)
                .setSource(endpoint(0, 1, null, null, List.of("reserved:host")))
                .setDestination(endpoint(132, 4, null, null, List.of("reserved:health")))
                .setInterfaceName("lxc_health").setInterfaceIndex(10)
                .setSummary("ICMPv4 EchoRequest")
                .build();
        assertThat(flow).isEqualTo(expected);
    }

    @Test
    void redirectedToProxyByPolicyVerdict() throws Exception {
        Flow flow = mapFlow(line("basic-sample-400-l7-redirected-flows.json", 1));

        Flow expected = flow("2021-11-10T10:40:56.871850Z", "kind-control-plane", "REDIRECTED", "L3_L4")
                .setEventType(5).setEventSubType(0)
                .setTrafficDirection("EGRESS").setIsReply(false).setTraceObservationPoint(null)
                .setIpVersion("IPv4").setSourceIp("10.244.0.206").setDestinationIp("10.244.1.227")
                .setProtocol("UDP").setSourcePort(54314).setDestinationPort(53)
                .setSource(endpoint(2078, 16370, "bookinfo", "ratings-v1-b6994bb9-jgqxb", RATINGS_LABELS))
                .setDestination(endpoint(0, 48342, "kube-system", "coredns-558bd4d5db-w2m67", COREDNS_LABELS))
                .setPolicyMatchType(2)
                .setSummary("UDP")
                .build();
        assertThat(flow).isEqualTo(expected);
    }

    @Test
    void pre110ReplyBoolBecomesIsReply() throws Exception {
        String node = "gke-ilya-otel-demo-1-ilya-otel-demo-1-6114bb84-zr1l";
        Flow reply = mapFlow(line("basic-sample-10-flows.json", 1));

        Flow expected = flow("2021-06-16T16:52:13.136834Z", node, "FORWARDED", "L3_L4")
                .setEventType(4).setEventSubType(3)
                .setTrafficDirection("INGRESS").setIsReply(true).setTraceObservationPoint("TO_STACK")
                .setIpVersion("IPv4").setSourceIp("10.0.2.16").setDestinationIp("10.0.2.1")
                .setProtocol("TCP").setSourcePort(15020).setDestinationPort(42044).setTcpFlags(List.of("FIN", "ACK"))
                .setSource(endpoint(1231, 25339, "bookinfo", "reviews-v1-545db77b95-s6jb8", REVIEWS_LABELS))
                .setDestination(endpoint(0, 1, null, null, List.of("reserved:host")))
                .setSummary("TCP Flags: ACK, FIN")
                .build();
        assertThat(reply).isEqualTo(expected);

        Flow notMarked = mapFlow(line("basic-sample-10-flows.json", 2));
        assertThat(notMarked.getIsReply()).as("neither reply nor is_reply: direction unknown").isNull();
        assertThat(notMarked.getTraceObservationPoint()).isEqualTo("TO_ENDPOINT");
    }

    @Test
    void isReplyCountsOverThePre110File() {
        long legacyReplies = 0;
        long unknown = 0;
        for (String json : RecordedCaptures.lines("basic-sample-10-flows.json")) {
            Boolean isReply = mapUnchecked(json).getIsReply();
            if (isReply == null) {
                unknown++;
            } else if (isReply) {
                legacyReplies++;
            }
        }
        assertThat(legacyReplies).isEqualTo(5);
        assertThat(unknown).isEqualTo(5);
    }

    @Test
    void documentedCountsOfTheRecordedCaptures() {
        // counts from hubble-otel/SOURCES.md
        List<Flow> dns = mapAll("basic-sample-330-dns-flows.json");
        assertThat(dns).hasSize(330);
        assertThat(dns).filteredOn(f -> f.getL7().getType().equals("REQUEST")).hasSize(165);
        assertThat(dns).filteredOn(f -> f.getL7().getType().equals("RESPONSE")).hasSize(165);
        assertThat(dns).filteredOn(f -> f.getL7().getDns().getRcode() == 3).hasSize(102);

        List<Flow> http = mapAll("basic-sample-348-http-flows.json");
        assertThat(http).filteredOn(f -> f.getL7().getType().equals("REQUEST")).hasSize(175);
        assertThat(http).filteredOn(f -> f.getL7().getType().equals("RESPONSE")).hasSize(173);
        assertThat(http).filteredOn(f -> f.getL7().getHttp().getCode() == 503).hasSize(151);

        List<Flow> tcp = mapAll("basic-sample-400-tcp-flows.json");
        assertThat(tcp).filteredOn(f -> f.getFlowType().equals("L7") && f.getL7().getHttp() != null).hasSize(65);
        assertThat(tcp).filteredOn(f -> f.getVerdict().equals("REDIRECTED")).hasSize(27);

        List<Flow> udp = mapAll("basic-sample-400-udp-flows.json");
        assertThat(udp).filteredOn(f -> f.getL7() != null && f.getL7().getDns() != null).hasSize(148)
                .allSatisfy(f -> assertThat(f.getL7().getDns().getRcode()).isZero());

        assertThat(mapAll("basic-sample-400-l7-redirected-flows.json")).hasSize(400)
                .allSatisfy(f -> assertThat(f.getVerdict()).isEqualTo("REDIRECTED"));
        assertThat(mapAll("basic-sample-400-icmpv4-flows.json")).hasSize(18)
                .allSatisfy(f -> assertThat(f.getProtocol()).isEqualTo("ICMPv4"));
    }

    @Test
    void droppedFlowWithEverythingTheRecordingsLack() throws Exception {
        String json = "{\"flow\":{\"time\":\"2025-05-06T07:08:09.123456789Z\","
                + "\"uuid\":\"6f1c1b5e-1c39-4a4b-9a57-3b1c3e0b2c11\",\"verdict\":\"DROPPED\",\"drop_reason\":181,"
                + "\"auth_type\":\"SPIRE\","
                + "\"IP\":{\"source\":\"10.1.0.5\",\"source_xlated\":\"192.168.7.5\",\"destination\":\"10.2.0.9\","
                + "\"ipVersion\":\"IPv4\",\"encrypted\":true},"
                + "\"l4\":{\"TCP\":{\"source_port\":40000,\"destination_port\":5432,\"flags\":{\"SYN\":true,\"ECE\":true,"
                + "\"CWR\":true,\"NS\":true}}},"
                + "\"source\":{\"ID\":77,\"identity\":4294967290,\"cluster_name\":\"prod-eu\",\"namespace\":\"shop\","
                + "\"labels\":[\"k8s:app=api\"],\"pod_name\":\"api-7d9f-abcde\","
                + "\"workloads\":[{\"name\":\"api\",\"kind\":\"Deployment\"},{\"name\":\"api-7d9f\"}]},"
                + "\"destination\":{\"identity\":9001,\"namespace\":\"db\",\"labels\":[\"k8s:app=pg\"],"
                + "\"pod_name\":\"pg-0\",\"workloads\":[{\"name\":\"pg\",\"kind\":\"StatefulSet\"}]},"
                + "\"Type\":\"L3_L4\",\"node_name\":\"prod-eu/worker-3\","
                + "\"node_labels\":[\"kubernetes.io/hostname=worker-3\",\"topology.kubernetes.io/zone=eu-1a\"],"
                + "\"source_names\":[\"api.shop.example\"],\"destination_names\":[\"pg.db.example\",\"db.example\"],"
                + "\"event_type\":{\"type\":1,\"sub_type\":181},"
                + "\"source_service\":{\"name\":\"api\",\"namespace\":\"shop\"},\"destination_service\":{\"name\":\"pg\"},"
                + "\"traffic_direction\":\"INGRESS\",\"policy_match_type\":3,\"trace_reason\":\"NEW\","
                + "\"drop_reason_desc\":\"POLICY_DENY\",\"is_reply\":false,\"interface\":{\"index\":4,\"name\":\"eth0\"},"
                + "\"proxy_port\":15001,\"trace_context\":{\"parent\":{\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}},"
                + "\"Summary\":\"TCP Flags: SYN\","
                + "\"egress_allowed_by\":[{\"name\":\"allow-out\",\"namespace\":\"shop\",\"kind\":\"CiliumNetworkPolicy\"}],"
                + "\"ingress_denied_by\":[{\"name\":\"deny-all\",\"kind\":\"CiliumClusterwideNetworkPolicy\","
                + "\"labels\":[\"k8s:x=y\"],\"revision\":\"12\"}]},"
                + "\"node_name\":\"prod-eu/worker-3\",\"time\":\"2025-05-06T07:08:09.123456789Z\"}";

        Flow flow = mapFlow(json);

        Policy allowOut = new Policy("allow-out", "shop", "CiliumNetworkPolicy");
        Policy denyAll = new Policy("deny-all", null, "CiliumClusterwideNetworkPolicy");
        Flow expected = Flow.newBuilder()
                .setTime(Instant.parse("2025-05-06T07:08:09.123456Z"))
                .setUuid("6f1c1b5e-1c39-4a4b-9a57-3b1c3e0b2c11")
                .setNodeName("prod-eu/worker-3").setNode("worker-3").setCluster("prod-eu")
                .setNodeLabels(List.of("kubernetes.io/hostname=worker-3", "topology.kubernetes.io/zone=eu-1a"))
                .setVerdict("DROPPED").setDropReason(181).setDropReasonDesc("POLICY_DENY")
                .setFlowType("L3_L4").setEventType(1).setEventSubType(181)
                .setTrafficDirection("INGRESS").setIsReply(false).setTraceObservationPoint(null).setTraceReason("NEW")
                .setIpVersion("IPv4").setSourceIp("10.1.0.5").setSourceIpXlated("192.168.7.5")
                .setDestinationIp("10.2.0.9").setEncrypted(true)
                .setProtocol("TCP").setSourcePort(40000).setDestinationPort(5432)
                .setTcpFlags(List.of("SYN", "ECE", "CWR", "NS")).setIcmpType(null).setIcmpCode(null)
                .setSource(Endpoint.newBuilder().setId(77).setIdentity(4_294_967_290L).setClusterName("prod-eu")
                        .setNamespace("shop").setPodName("api-7d9f-abcde").setLabels(List.of("k8s:app=api"))
                        .setWorkloads(List.of(new Workload("api", "Deployment"), new Workload("api-7d9f", null)))
                        .build())
                .setDestination(Endpoint.newBuilder().setId(0).setIdentity(9001).setClusterName(null)
                        .setNamespace("db").setPodName("pg-0").setLabels(List.of("k8s:app=pg"))
                        .setWorkloads(List.of(new Workload("pg", "StatefulSet"))).build())
                .setSourceNames(List.of("api.shop.example"))
                .setDestinationNames(List.of("pg.db.example", "db.example"))
                .setSourceService(new Service("api", "shop")).setDestinationService(new Service("pg", null))
                .setInterfaceName("eth0").setInterfaceIndex(4).setProxyPort(15001).setPolicyMatchType(3)
                .setAuthType("SPIRE")
                .setEgressAllowedBy(List.of(allowOut)).setIngressAllowedBy(List.of())
                .setEgressDeniedBy(List.of()).setIngressDeniedBy(List.of(denyAll))
                .setTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .setL7(null)
                .setSummary("TCP Flags: SYN")
                .build();
        assertThat(flow).isEqualTo(expected);
    }

    @Test
    void droppedWithOnlyTheDeprecatedNumericReason() throws Exception {
        Flow flow = mapFlow("{\"flow\":{\"time\":\"2025-01-01T00:00:00Z\",\"verdict\":\"DROPPED\",\"drop_reason\":133,"
                + "\"node_name\":\"n1\"}}");

        assertThat(flow.getDropReason()).isEqualTo(133);
        assertThat(flow.getDropReasonDesc()).isNull();
    }

    @Test
    void unknownDropReasonNameIsNullNotZeroName() throws Exception {
        Flow flow = mapFlow("{\"flow\":{\"time\":\"2025-01-01T00:00:00Z\",\"verdict\":\"DROPPED\","
                + "\"drop_reason_desc\":\"DROP_REASON_FROM_THE_FUTURE\",\"node_name\":\"n1\"}}");

        assertThat(flow.getVerdict()).isEqualTo("DROPPED");
        assertThat(flow.getDropReason()).isNull();
        assertThat(flow.getDropReasonDesc()).isNull();
    }

    @Test
    void sparseFlowFallsBackToTheResponseAndToAbsentValues() throws Exception {
        Flow flow = mapFlow("{\"flow\":{},\"node_name\":\"cl-1/node-a\",\"time\":\"2025-02-03T04:05:06.000001999Z\"}");

        Flow expected = flow("2025-02-03T04:05:06.000001Z", "cl-1/node-a", "VERDICT_UNKNOWN", "UNKNOWN_TYPE")
                .setNode("node-a").setCluster("cl-1")
                .setSource(endpoint(0, 0, null, null, List.of()))
                .setDestination(endpoint(0, 0, null, null, List.of()))
                .build();
        assertThat(flow).isEqualTo(expected);
    }

    @Test
    void flowTimeAndNodeWinOverTheResponse() throws Exception {
        Flow flow = mapFlow("{\"flow\":{\"time\":\"2025-02-03T04:05:06Z\",\"node_name\":\"inner\"},"
                + "\"node_name\":\"outer\",\"time\":\"2030-01-01T00:00:00Z\"}");

        assertThat(flow.getTime()).isEqualTo(Instant.parse("2025-02-03T04:05:06Z"));
        assertThat(flow.getNodeName()).isEqualTo("inner");
    }

    @Test
    void otherL4Protocols() throws Exception {
        Flow sctp = mapFlow("{\"flow\":{\"time\":\"2025-01-01T00:00:00Z\",\"node_name\":\"n\","
                + "\"l4\":{\"SCTP\":{\"source_port\":3868,\"destination_port\":3869}}}}");
        assertThat(List.of(sctp.getProtocol(), sctp.getSourcePort(), sctp.getDestinationPort()))
                .containsExactly("SCTP", 3868, 3869);

        Flow icmpv6 = mapFlow("{\"flow\":{\"time\":\"2025-01-01T00:00:00Z\",\"node_name\":\"n\","
                + "\"IP\":{\"source\":\"fd00::1\",\"destination\":\"fd00::2\",\"ipVersion\":\"IPv6\"},"
                + "\"l4\":{\"ICMPv6\":{\"type\":1,\"code\":4}}}}");
        assertThat(List.of(icmpv6.getProtocol(), icmpv6.getIcmpType(), icmpv6.getIcmpCode(), icmpv6.getIpVersion()))
                .containsExactly("ICMPv6", 1, 4, "IPv6");
        assertThat(icmpv6.getSourcePort()).isNull();

        Flow vrrp = mapFlow("{\"flow\":{\"time\":\"2025-01-01T00:00:00Z\",\"node_name\":\"n\","
                + "\"l4\":{\"VRRP\":{\"type\":1,\"vrid\":7}}}}");
        assertThat(vrrp.getProtocol()).isEqualTo("VRRP");
        assertThat(vrrp.getSourcePort()).isNull();
        assertThat(vrrp.getIcmpType()).isNull();
    }

    @Test
    void lostEvents() throws Exception {
        MappedEvent mapped = mapper.map(HubbleJson.parseLine("{\"lost_events\":{\"source\":\"PERF_EVENT_RING_BUFFER\","
                + "\"num_events_lost\":\"5000\",\"cpu\":1,\"first\":\"2025-05-06T07:07:59.5Z\","
                + "\"last\":\"2025-05-06T07:08:00.25Z\"},\"node_name\":\"prod-eu/worker-1\","
                + "\"time\":\"2025-05-06T07:08:01.000000999Z\"}"));

        assertThat(mapped.kind()).isEqualTo(MappedEvent.Kind.LOST_EVENTS);
        assertThat(mapped.nodeName()).isEqualTo("prod-eu/worker-1");
        LostEvents expected = LostEvents.newBuilder()
                .setTime(Instant.parse("2025-05-06T07:08:01Z"))
                .setNodeName("prod-eu/worker-1").setNode("worker-1")
                .setSource("PERF_EVENT_RING_BUFFER").setNumEventsLost(5000).setCpu(1)
                .setFirst(Instant.parse("2025-05-06T07:07:59.5Z")).setLast(Instant.parse("2025-05-06T07:08:00.25Z"))
                .build();
        assertThat(((MappedEvent.OfLostEvents) mapped).lostEvents()).isEqualTo(expected);
        assertThat(mapped.record()).isEqualTo(expected);
    }

    @Test
    void lostEventsOfAnOlderAgentWithoutCpuOrTimes() throws Exception {
        GetFlowsResponse response = HubbleJson.parseResponse("{\"lost_events\":{\"source\":\"HUBBLE_RING_BUFFER\","
                + "\"num_events_lost\":\"3\"},\"node_name\":\"kind-worker\",\"time\":\"2025-05-06T07:08:01Z\"}");

        LostEvents lost = ((MappedEvent.OfLostEvents) mapper.map(response)).lostEvents();

        assertThat(lost.getSource()).isEqualTo("HUBBLE_RING_BUFFER");
        assertThat(lost.getNumEventsLost()).isEqualTo(3L);
        assertThat(lost.getNode()).isEqualTo("kind-worker");
        assertThat(lost.getCpu()).isNull();
        assertThat(lost.getFirst()).isNull();
        assertThat(lost.getLast()).isNull();
    }

    @Test
    void nodeStatusAndAgentEventsAreNotFlows() throws Exception {
        MappedEvent status = mapper.map(HubbleJson.parseResponse("{\"node_status\":{\"state_change\":\"NODE_GONE\","
                + "\"node_names\":[\"w2\"]},\"time\":\"2025-01-01T00:00:00Z\"}"));
        assertThat(status).isEqualTo(new MappedEvent.NotAFlow(MappedEvent.Kind.NODE_STATUS, ""));
        assertThat(status.record()).isNull();

        MappedEvent agentEvent = mapper.map(HubbleJson.parseLine("{\"agent_event\":{\"type\":\"AGENT_STARTED\"},"
                + "\"node_name\":\"kind-worker\",\"time\":\"2025-01-01T00:00:00Z\"}"));
        assertThat(agentEvent).isEqualTo(new MappedEvent.NotAFlow(MappedEvent.Kind.OTHER, "kind-worker"));
    }

    @Test
    void responseAndExportEventMapAlike() throws Exception {
        for (String json : RecordedCaptures.lines("basic-sample-400-tcp-flows.json")) {
            assertThat(mapper.map(HubbleJson.parseResponse(json))).isEqualTo(mapper.map(HubbleJson.parseLine(json)));
        }
    }

    @Test
    void missingTimeOrNodeIsAClearError() {
        assertThatThrownBy(() -> mapper.map(HubbleJson.parseLine("{\"flow\":{\"node_name\":\"n\"},\"node_name\":\"n\"}")))
                .isInstanceOf(FlowMappingException.class)
                .hasMessage("flow has no time, neither in flow.time nor in the response's time");
        assertThatThrownBy(() -> mapper.map(HubbleJson.parseLine("{\"flow\":{\"time\":\"2025-01-01T00:00:00Z\"}}")))
                .isInstanceOf(FlowMappingException.class)
                .hasMessage("flow has no node name, neither in flow.node_name nor in the response's node_name");
        assertThatThrownBy(() -> mapper.map(HubbleJson.parseLine("{\"lost_events\":{\"num_events_lost\":\"1\"},"
                + "\"node_name\":\"n\"}")))
                .isInstanceOf(FlowMappingException.class)
                .hasMessage("lost_events without the response's time");
    }

    @Test
    void everyMappedRecordEncodesWithItsSchemaAndDecodesEqual() throws Exception {
        for (String file : RecordedCaptures.FILES) {
            for (Flow flow : mapAll(file)) {
                assertThat(Flow.fromByteBuffer(flow.toByteBuffer())).isEqualTo(flow);
            }
        }
        Flow sparse = mapFlow("{\"flow\":{},\"node_name\":\"n\",\"time\":\"2025-01-01T00:00:00Z\"}");
        assertThat(Flow.fromByteBuffer(sparse.toByteBuffer())).isEqualTo(sparse);
        LostEvents lost = ((MappedEvent.OfLostEvents) mapper.map(HubbleJson.parseLine("{\"lost_events\":{},"
                + "\"node_name\":\"n\",\"time\":\"2025-01-01T00:00:00Z\"}"))).lostEvents();
        assertThat(lost.getSource()).isEqualTo("UNKNOWN_LOST_EVENT_SOURCE");
        assertThat(LostEvents.fromByteBuffer(lost.toByteBuffer())).isEqualTo(lost);
    }

    private List<Flow> mapAll(String file) {
        return RecordedCaptures.lines(file).stream().map(this::mapUnchecked).toList();
    }

    private Flow mapUnchecked(String json) {
        try {
            return ((MappedEvent.OfFlow) mapper.map(HubbleJson.parseLine(json))).flow();
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
