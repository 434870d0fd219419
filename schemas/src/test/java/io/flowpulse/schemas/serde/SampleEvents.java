package io.flowpulse.schemas.serde;

import io.flowpulse.schemas.avro.Dns;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Layer7;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.avro.Policy;
import io.flowpulse.schemas.avro.Service;
import io.flowpulse.schemas.avro.Workload;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records with most fields set, nested records, unions and microsecond timestamps. */
public final class SampleEvents {
    private SampleEvents() {
    }

    public static Flow dnsFlow() {
        return Flow.newBuilder()
                .setTime(Instant.parse("2024-05-01T12:00:00.123456Z"))
                .setUuid("5f1c9d3e-8f0a-4c59-9a57-0c3e2b9e2a11")
                .setNodeName("prod/kind-worker")
                .setNode("kind-worker")
                .setCluster("prod")
                .setNodeLabels(List.of("kubernetes.io/os=linux"))
                .setVerdict("FORWARDED")
                .setFlowType("L7")
                .setEventType(129)
                .setTrafficDirection("EGRESS")
                .setIsReply(true)
                .setIpVersion("IPv4")
                .setSourceIp("10.244.1.17")
                .setDestinationIp("10.96.0.10")
                .setProtocol("UDP")
                .setSourcePort(43122)
                .setDestinationPort(53)
                .setSource(Endpoint.newBuilder().setId(1234).setIdentity(48213L).setNamespace("shop")
                        .setPodName("web-7d9c5b8f4-x2x9k").setLabels(List.of("k8s:app=web"))
                        .setWorkloads(List.of(Workload.newBuilder().setName("web").setKind("Deployment").build()))
                        .build())
                .setDestination(Endpoint.newBuilder().setIdentity(102L).setNamespace("kube-system")
                        .setPodName("coredns-5d78c9869d-abcde").setLabels(List.of("k8s:k8s-app=kube-dns")).build())
                .setDestinationService(Service.newBuilder().setName("kube-dns").setNamespace("kube-system").build())
                .setEgressAllowedBy(List.of(Policy.newBuilder().setName("allow-dns").setNamespace("shop")
                        .setKind("CiliumNetworkPolicy").build()))
                .setL7(Layer7.newBuilder().setType("RESPONSE").setLatencyNs(1_250_000L)
                        .setDns(Dns.newBuilder().setQuery("api.shop.svc.cluster.local.").setIps(List.of("10.96.12.7"))
                                .setTtl(30L).setRcode(0).setQtypes(List.of("A")).setRrtypes(List.of("A")).build())
                        .build())
                .setSummary("DNS Answer \"10.96.12.7\" TTL: 30")
                .build();
    }

    public static Flow droppedFlow() {
        return Flow.newBuilder()
                .setTime(Instant.parse("2024-05-01T12:00:01.000001Z"))
                .setNodeName("kind-control-plane")
                .setNode("kind-control-plane")
                .setVerdict("DROPPED")
                .setDropReason(133)
                .setDropReasonDesc("POLICY_DENIED")
                .setFlowType("L3_L4")
                .setProtocol("TCP")
                .setSourceIp("10.244.0.5")
                .setDestinationIp("10.244.2.9")
                .setSourcePort(51515)
                .setDestinationPort(8080)
                .setTcpFlags(List.of("SYN"))
                .setSource(Endpoint.newBuilder().build())
                .setDestination(Endpoint.newBuilder().setNamespace("payments").build())
                .build();
    }

    public static LostEvents lostEvents() {
        return LostEvents.newBuilder()
                .setTime(Instant.parse("2024-05-01T12:00:02.500000Z"))
                .setNodeName("kind-worker2")
                .setNode("kind-worker2")
                .setSource("PERF_EVENT_RING_BUFFER")
                .setNumEventsLost(17L)
                .setCpu(1)
                .setFirst(Instant.parse("2024-05-01T12:00:02.100000Z"))
                .setLast(Instant.parse("2024-05-01T12:00:02.400007Z"))
                .build();
    }

    public static Node node() {
        return Node.newBuilder().setName("kind-worker").setAddresses(List.of("172.18.0.3"))
                .setLabels(Map.of("topology.kubernetes.io/zone", "a")).build();
    }
}
