package io.flowpulse.flink.testing;

import io.flowpulse.flink.testing.KafkaTestSupport.Keyed;
import io.flowpulse.schemas.avro.Dns;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Layer7;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.avro.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * A made-up capture of a cluster of 8 nodes in 2 subnets, in event-time order: TCP traffic between
 * workloads (1 in 7 events dropped), TCP handshakes (SYN at the client's node, SYN-ACK back at the same
 * node a few milliseconds later; slow and jittery across subnets from minute 3 on), DNS requests and
 * responses with latencies (NXDOMAIN now and then), and a Hubble lost-events record every 20,000th step.
 * A node's records go to partition {@code node % partitions}, as an ingest keyed by node would place them.
 */
public final class SyntheticCapture {

    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    public static final int NODES = 8;
    public static final long STEP_MILLIS = 10;
    public static final int HANDSHAKE_EVERY = 40;
    public static final int DNS_EVERY = 100;
    public static final int LOST_EVERY = 20_000;

    private final int steps;
    private final int partitions;

    public SyntheticCapture(int steps, int partitions) {
        this.steps = steps;
        this.partitions = partitions;
    }

    public int partitions() {
        return partitions;
    }

    /** Every record, in event-time order (ties in generation order). */
    public List<Keyed> records() {
        List<Keyed> records = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            int node = i % NODES;
            add(records, flow(i));
            if (i % HANDSHAKE_EVERY == 0) {
                add(records, syn(i));
                add(records, synAck(i));
            }
            if (i % DNS_EVERY == 0) {
                add(records, dnsRequest(i));
                add(records, dnsResponse(i));
            }
            if (i % LOST_EVERY == LOST_EVERY / 2) {
                add(records, LostEvents.newBuilder().setTime(time(i)).setNodeName("node-" + node).setNode("node-" + node)
                        .setSource("PERF_EVENT_RING_BUFFER").setNumEventsLost(3).build());
            }
        }
        records.sort(Comparator.comparingLong(Keyed::timestampMillis));
        return records;
    }

    /** The last event time, for the end markers. */
    public long endMillis() {
        return time(steps).toEpochMilli() + 1_000;
    }

    public int flowsCount() {
        return records().size();
    }

    private void add(List<Keyed> records, SpecificRecord value) {
        String node;
        Instant time;
        if (value instanceof Flow flow) {
            node = flow.getNode();
            time = flow.getTime();
        } else {
            LostEvents lost = (LostEvents) value;
            node = lost.getNode();
            time = lost.getTime();
        }
        int index = Integer.parseInt(node.substring("node-".length()));
        records.add(new Keyed(node, index % partitions, time.toEpochMilli(), value));
    }

    static Instant time(int i) {
        return T0.plusMillis(i * STEP_MILLIS);
    }

    static String podIp(int node, int host) {
        return "10.244." + node + "." + host;
    }

    static Endpoint app(int i) {
        int node = i % NODES;
        return Endpoint.newBuilder().setId(100 + node).setNamespace("shop").setPodName("app-" + (i % 5) + "-7c9d8-abcde")
                .setWorkloads(List.of(new Workload("app-" + (i % 5), "Deployment"))).build();
    }

    static Endpoint service(int i) {
        return Endpoint.newBuilder().setId(0).setNamespace("shop").setPodName("svc-" + (i % 3) + "-5f6d7-xyz12")
                .setWorkloads(List.of(new Workload("svc-" + (i % 3), "Deployment"))).build();
    }

    static Endpoint coreDns() {
        return Endpoint.newBuilder().setNamespace("kube-system").setPodName("coredns-1")
                .setWorkloads(List.of(new Workload("coredns", "Deployment"))).build();
    }

    static Flow.Builder base(int i, Instant time) {
        int node = i % NODES;
        return Flow.newBuilder().setTime(time).setNodeName("node-" + node).setNode("node-" + node)
                .setVerdict("FORWARDED").setFlowType("L3_L4");
    }

    /** From app-(i % 5) on node (i % 8) to svc-(i % 3) on the next node; dropped when i % 7 == 0. */
    static Flow flow(int i) {
        int node = i % NODES;
        int peer = (node + 1) % NODES;
        boolean dropped = i % 7 == 0;
        return base(i, time(i)).setVerdict(dropped ? "DROPPED" : "FORWARDED")
                .setDropReasonDesc(dropped ? (i % 2 == 0 ? "POLICY_DENIED" : "CT_MAP_INSERTION_FAILED") : null)
                .setProtocol("TCP").setIpVersion("IPv4").setTcpFlags(List.of("ACK"))
                .setSourceIp(podIp(node, 5)).setSourcePort(30000 + i % 1000)
                .setDestinationIp(podIp(peer, 9)).setDestinationPort(8080)
                .setSource(app(i)).setDestination(service(i)).build();
    }

    /** The handshake of step i: client port unique per handshake, server on a node 1 or 2 further on. */
    static int serverNode(int i) {
        return (i % NODES + 1 + (i / HANDSHAKE_EVERY) % 2) % NODES;
    }

    static Flow syn(int i) {
        int node = i % NODES;
        return base(i, time(i).plusNanos(1_000)).setProtocol("TCP").setIpVersion("IPv4").setTcpFlags(List.of("SYN"))
                .setIsReply(false)
                .setSourceIp(podIp(node, 5)).setSourcePort(40000 + (i / HANDSHAKE_EVERY) % 20000)
                .setDestinationIp(podIp(serverNode(i), 9)).setDestinationPort(8080)
                .setSource(app(i)).setDestination(service(i)).build();
    }

    /** SYN-ACK microseconds after the SYN: 1-4 ms within a subnet; across subnets from minute 3 on, 150-400 ms. */
    static long handshakeMicros(int i) {
        int node = i % NODES;
        boolean crossSubnet = node % 2 != serverNode(i) % 2;
        long base = 1_000 + (i * 37L % 3_000);
        return crossSubnet && time(i).isAfter(T0.plusSeconds(180)) ? 150_000 + (i * 7919L % 250_000) : base;
    }

    static Flow synAck(int i) {
        int node = i % NODES;
        Instant synTime = time(i).plusNanos(1_000);
        return base(i, synTime.plusNanos(handshakeMicros(i) * 1_000)).setProtocol("TCP").setIpVersion("IPv4")
                .setTcpFlags(List.of("SYN", "ACK")).setIsReply(true)
                .setSourceIp(podIp(serverNode(i), 9)).setSourcePort(8080)
                .setDestinationIp(podIp(node, 5)).setDestinationPort(40000 + (i / HANDSHAKE_EVERY) % 20000)
                .setSource(service(i)).setDestination(app(i)).build();
    }

    static Flow dnsRequest(int i) {
        int node = i % NODES;
        Dns dns = Dns.newBuilder().setQuery("svc-" + (i % 3) + ".shop.svc.cluster.local.").setRcode(0).build();
        return base(i, time(i).plusNanos(2_000)).setFlowType("L7").setProtocol("UDP")
                .setL7(Layer7.newBuilder().setType("REQUEST").setLatencyNs(0).setDns(dns).build())
                .setSource(app(i)).setSourceIp(podIp(node, 5))
                .setDestination(coreDns()).setDestinationIp(podIp((node + 1) % NODES, 53)).build();
    }

    static Flow dnsResponse(int i) {
        int node = i % NODES;
        Dns dns = Dns.newBuilder().setQuery("svc-" + (i % 3) + ".shop.svc.cluster.local.")
                .setRcode(i % 300 == 0 ? 3 : 0).build();
        return base(i, time(i).plusNanos(3_000)).setFlowType("L7").setProtocol("UDP")
                .setL7(Layer7.newBuilder().setType("RESPONSE").setLatencyNs(1_000_000 + (i % 13) * 50_000L).setDns(dns).build())
                .setSource(coreDns()).setSourceIp(podIp((node + 1) % NODES, 53))
                .setDestination(app(i)).setDestinationIp(podIp(node, 5)).build();
    }

    /** The inventory: node-n in subnet lab-(n % 2), pod CIDR 10.244.n.0/24. */
    public static List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            nodes.add(Node.newBuilder().setName("node-" + n).setAddresses(List.of("192.168.0." + (10 + n)))
                    .setPodCidrs(List.of("10.244." + n + ".0/24")).setSubnet("lab-" + n % 2).build());
        }
        return nodes;
    }

    public static String topologyYaml() {
        StringBuilder yaml = new StringBuilder("subnets:\n");
        for (int subnet = 0; subnet < 2; subnet++) {
            yaml.append("  - name: lab-").append(subnet).append("\n    nodes:\n");
            for (int node = subnet; node < NODES; node += 2) {
                yaml.append("      - name: node-").append(node).append('\n')
                        .append("        addresses: [192.168.0.").append(10 + node).append("]\n")
                        .append("        podCIDRs: [10.244.").append(node).append(".0/24]\n");
            }
        }
        return yaml.toString();
    }

    /**
     * key "<level>|<src>|<dst>@<window start>" -> {forwarded, dropped} of the L3/L4 flows, worked out from
     * how the records were made (pod IP 10.244.N.x is on node-N, in subnet lab-(N % 2)), not by the naming logic.
     */
    public Map<String, long[]> expectedLinkCounts() {
        Map<String, long[]> counts = new TreeMap<>();
        for (Keyed keyed : records()) {
            if (!(keyed.value() instanceof Flow flow) || !flow.getFlowType().equals("L3_L4")) {
                continue;
            }
            int srcNode = Integer.parseInt(flow.getSourceIp().split("\\.")[2]);
            int dstNode = Integer.parseInt(flow.getDestinationIp().split("\\.")[2]);
            Instant start = Instant.ofEpochMilli(Math.floorDiv(flow.getTime().toEpochMilli(), 60_000L) * 60_000L);
            int column = flow.getVerdict().equals("DROPPED") ? 1 : 0;
            String srcWorkload = flow.getSource().getNamespace() + "/" + flow.getSource().getWorkloads().get(0).getName();
            String dstWorkload = flow.getDestination().getNamespace() + "/" + flow.getDestination().getWorkloads().get(0).getName();
            for (String link : List.of("workload|" + srcWorkload + "|" + dstWorkload,
                    "node|node-" + srcNode + "|node-" + dstNode, "subnet|lab-" + srcNode % 2 + "|lab-" + dstNode % 2)) {
                counts.computeIfAbsent(link + "@" + start, k -> new long[2])[column]++;
            }
        }
        return counts;
    }

    /** Handshakes per window of their SYN. */
    public Map<Instant, Long> expectedHandshakes() {
        Map<Instant, Long> counts = new TreeMap<>();
        for (int i = 0; i < steps; i += HANDSHAKE_EVERY) {
            counts.merge(T0.plusSeconds(60L * (i * STEP_MILLIS / 60_000)), 1L, Long::sum);
        }
        return counts;
    }
}
