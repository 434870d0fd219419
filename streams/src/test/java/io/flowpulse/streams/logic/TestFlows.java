package io.flowpulse.streams.logic;

import io.flowpulse.schemas.avro.Dns;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Http;
import io.flowpulse.schemas.avro.Layer7;
import io.flowpulse.schemas.avro.Workload;
import java.time.Instant;
import java.util.List;

/** Small builders for flows and endpoints in tests. */
public final class TestFlows {

    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private TestFlows() {
    }

    public static Endpoint.Builder endpoint() {
        return Endpoint.newBuilder();
    }

    public static Endpoint pod(int id, String namespace, String podName, String... labels) {
        return Endpoint.newBuilder().setId(id).setNamespace(namespace).setPodName(podName)
                .setLabels(List.of(labels)).build();
    }

    public static Endpoint deployment(int id, String namespace, String workload, String podName) {
        return Endpoint.newBuilder().setId(id).setNamespace(namespace).setPodName(podName)
                .setWorkloads(List.of(new Workload(workload, "Deployment"))).build();
    }

    public static Endpoint world() {
        return Endpoint.newBuilder().setIdentity(2).setLabels(List.of("reserved:world")).build();
    }

    public static Flow.Builder flow(Instant time, String node) {
        return Flow.newBuilder()
                .setTime(time)
                .setNodeName(node)
                .setNode(node)
                .setVerdict("FORWARDED")
                .setFlowType("L3_L4")
                .setSource(Endpoint.newBuilder().build())
                .setDestination(Endpoint.newBuilder().build());
    }

    public static Flow.Builder tcp(Instant time, String node, String srcIp, int srcPort, String dstIp, int dstPort,
                                   String... flags) {
        return flow(time, node).setProtocol("TCP").setIpVersion(srcIp.contains(":") ? "IPv6" : "IPv4")
                .setSourceIp(srcIp).setSourcePort(srcPort).setDestinationIp(dstIp).setDestinationPort(dstPort)
                .setTcpFlags(List.of(flags));
    }

    public static Flow.Builder dns(Instant time, String node, String l7Type, String query, int rcode, long latencyNs) {
        Dns dns = Dns.newBuilder().setQuery(query).setRcode(rcode).build();
        return flow(time, node).setFlowType("L7")
                .setL7(Layer7.newBuilder().setType(l7Type).setLatencyNs(latencyNs).setDns(dns).build());
    }

    public static Flow.Builder http(Instant time, String node, String l7Type, int code, long latencyNs) {
        Http http = Http.newBuilder().setCode(code).setMethod("GET").setUrl("http://svc/").build();
        return flow(time, node).setFlowType("L7")
                .setL7(Layer7.newBuilder().setType(l7Type).setLatencyNs(latencyNs).setHttp(http).build());
    }
}
