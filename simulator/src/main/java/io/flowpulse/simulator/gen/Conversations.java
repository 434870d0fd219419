package io.flowpulse.simulator.gen;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos.CiliumEventType;
import io.flowpulse.hubble.flow.FlowProtos.DNS;
import io.flowpulse.hubble.flow.FlowProtos.DropReason;
import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.flow.FlowProtos.FlowType;
import io.flowpulse.hubble.flow.FlowProtos.HTTP;
import io.flowpulse.hubble.flow.FlowProtos.ICMPv4;
import io.flowpulse.hubble.flow.FlowProtos.IP;
import io.flowpulse.hubble.flow.FlowProtos.IPVersion;
import io.flowpulse.hubble.flow.FlowProtos.L7FlowType;
import io.flowpulse.hubble.flow.FlowProtos.Layer4;
import io.flowpulse.hubble.flow.FlowProtos.Layer7;
import io.flowpulse.hubble.flow.FlowProtos.LostEvent;
import io.flowpulse.hubble.flow.FlowProtos.LostEventSource;
import io.flowpulse.hubble.flow.FlowProtos.Service;
import io.flowpulse.hubble.flow.FlowProtos.TCP;
import io.flowpulse.hubble.flow.FlowProtos.TCPFlags;
import io.flowpulse.hubble.flow.FlowProtos.TraceObservationPoint;
import io.flowpulse.hubble.flow.FlowProtos.TrafficDirection;
import io.flowpulse.hubble.flow.FlowProtos.UDP;
import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.cluster.Peer;
import io.flowpulse.simulator.cluster.SimNode;
import io.flowpulse.simulator.cluster.SimPod;
import io.flowpulse.simulator.cluster.WorldPeer;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Turns one conversation (a TCP connection, an HTTP request, a DNS query, datagrams, a ping)
 * into the events Hubble records for it, at the node of each end: the sender's node sees a
 * packet leave (TO_OVERLAY, or TO_STACK towards the world), the receiver's node sees it
 * delivered (TO_ENDPOINT, or TO_PROXY when an L7 proxy intercepts). An endpoint carries its
 * endpoint ID only in events recorded on its own node. Events go into the heap with their
 * time; the heap puts them in time order.
 */
final class Conversations {

    /** Set on the heap tag of a DROPPED flow, next to its kind's ordinal. */
    static final int DROPPED_FLAG = 0x100;
    private static final long MICROS = 1_000L;
    /** What {@link #dataPacket} returns for a datagram that was dropped and is not retransmitted. */
    private static final long LOST = Long.MIN_VALUE;
    private static final long MILLIS = 1_000_000L;
    private static final long RETRANSMIT_TIMEOUT = 200 * MILLIS;
    private static final long[] SYN_RETRIES = {0, 1_000 * MILLIS, 3_000 * MILLIS};
    private static final int POLICY_MATCH_L3_L4 = 2;
    private static final long DNS_NEGATIVE_TTL = 4294967295L;

    private static final BoolValue TRUE = BoolValue.of(true);
    private static final BoolValue FALSE = BoolValue.of(false);
    private static final CiliumEventType POLICY_VERDICT = eventType(5, 0);
    private static final CiliumEventType ACCESS_LOG = eventType(129, 0);
    private static final CiliumEventType TRACE_TO_ENDPOINT = eventType(4, 0);
    private static final CiliumEventType TRACE_TO_PROXY = eventType(4, 1);
    private static final CiliumEventType TRACE_TO_STACK = eventType(4, 3);
    private static final CiliumEventType TRACE_TO_OVERLAY = eventType(4, 4);
    private static final TCPFlags SYN = TCPFlags.newBuilder().setSYN(true).build();
    private static final TCPFlags SYN_ACK = TCPFlags.newBuilder().setSYN(true).setACK(true).build();
    private static final TCPFlags ACK = TCPFlags.newBuilder().setACK(true).build();
    private static final TCPFlags PSH_ACK = TCPFlags.newBuilder().setPSH(true).setACK(true).build();
    private static final TCPFlags FIN_ACK = TCPFlags.newBuilder().setFIN(true).setACK(true).build();
    private static final Layer4 ICMP_ECHO_REQUEST = Layer4.newBuilder().setICMPv4(ICMPv4.newBuilder().setType(8)).build();
    private static final Layer4 ICMP_ECHO_REPLY = Layer4.newBuilder().setICMPv4(ICMPv4.newBuilder().setType(0)).build();

    private final EventHeap heap;
    private final SplittableRandom random;
    private final int dnsProxyPort;
    private final int httpProxyPort;
    private final Flow.Builder flow = Flow.newBuilder();
    private final GetFlowsResponse.Builder response = GetFlowsResponse.newBuilder();

    // the conversation being written; set by begin()
    private int kind;
    private Peer client;
    private Peer server;
    private SimNode clientNode;
    private SimNode serverNode;
    private IP forwardIp;
    private IP replyIp;
    private long oneWay;
    private boolean proxyAtServer;
    private Service serverService;
    private String worldHost;
    private DropReason packetDropReason;
    private double packetDropFraction;

    Conversations(EventHeap heap, SplittableRandom random, int dnsProxyPort, int httpProxyPort) {
        this.heap = heap;
        this.random = random;
        this.dnsProxyPort = dnsProxyPort;
        this.httpProxyPort = httpProxyPort;
    }

    /** Everything a conversation needs to know about the faults on its link at its start. */
    record LinkFaults(double denyFraction, DropReason packetDropReason, double packetDropFraction) {
        static final LinkFaults NONE = new LinkFaults(0, null, 0);
    }

    /** An HTTP exchange on top of the connection. */
    record HttpExchange(String method, String url, int status) {
    }

    private void begin(FlowKind kind, SimPod client, Peer server, long rtt, LinkFaults faults) {
        this.kind = kind.ordinal();
        this.client = client;
        this.server = server;
        this.clientNode = client.node();
        this.serverNode = server.node();
        this.forwardIp = IP.newBuilder().setSource(client.ip()).setDestination(server.ip()).setIpVersion(IPVersion.IPv4).build();
        this.replyIp = IP.newBuilder().setSource(server.ip()).setDestination(client.ip()).setIpVersion(IPVersion.IPv4).build();
        this.oneWay = rtt / 2;
        this.proxyAtServer = false;
        this.serverService = server instanceof SimPod pod ? pod.workload().service() : null;
        this.worldHost = server instanceof WorldPeer world ? world.host() : null;
        this.packetDropReason = faults.packetDropReason();
        this.packetDropFraction = faults.packetDropFraction();
    }

    /** A TCP connection: handshake, one request and response (HTTP when {@code http} is set), close. */
    void tcp(long t0, FlowKind kind, SimPod client, Peer server, int port, long rtt, long serverTime,
             LinkFaults faults, HttpExchange http) {
        begin(kind, client, server, rtt, faults);
        proxyAtServer = http != null;
        int sourcePort = ephemeralPort();
        Layer4 syn = tcp(sourcePort, port, SYN);
        policyVerdict(t0, clientNode, TrafficDirection.EGRESS, Verdict.FORWARDED, 0, syn, "TCP Flags: SYN");
        if (faults.denyFraction() > 0 && random.nextDouble() < faults.denyFraction()) {
            for (long retry : SYN_RETRIES) {
                packet(t0 + retry, false, syn, "TCP Flags: SYN", DropReason.POLICY_DENIED);
            }
            return;
        }
        if (serverNode != null) {
            policyVerdict(arrivalTime(t0, false), serverNode, TrafficDirection.INGRESS, http != null ? Verdict.REDIRECTED : Verdict.FORWARDED,
                    http != null ? httpProxyPort : 0, syn, "TCP Flags: SYN");
        }
        long synArrived = packet(t0, false, syn, "TCP Flags: SYN", null);
        long synAckArrived = packet(synArrived, true, tcp(port, sourcePort, SYN_ACK), "TCP Flags: SYN, ACK", null);
        long ackSent = synAckArrived + 15 * MICROS;
        dataPacket(ackSent, false, tcp(sourcePort, port, ACK), "TCP Flags: ACK");
        Layer4 requestL4 = tcp(sourcePort, port, PSH_ACK);
        Layer4 responseL4 = tcp(port, sourcePort, PSH_ACK);
        long requestArrived = dataPacket(ackSent + 5 * MICROS, false, requestL4, "TCP Flags: ACK, PSH");
        if (http != null) {
            long requestSeen = requestArrived + 20 * MICROS;
            long responseSeen = requestSeen + serverTime;
            httpRecord(requestSeen, responseSeen, requestL4, responseL4, http);
        }
        long responseArrived = dataPacket(requestArrived + serverTime + 40 * MICROS, true, responseL4, "TCP Flags: ACK, PSH");
        long finSent = responseArrived + (long) (-Math.log(1.0 - random.nextDouble()) * 4 * MILLIS) + 10 * MICROS;
        long finArrived = dataPacket(finSent, false, tcp(sourcePort, port, FIN_ACK), "TCP Flags: ACK, FIN");
        dataPacket(finArrived + 30 * MICROS, true, tcp(port, sourcePort, FIN_ACK), "TCP Flags: ACK, FIN");
    }

    /** A few one-way datagrams. */
    void udp(long t0, SimPod client, SimPod server, int port, long rtt, LinkFaults faults) {
        begin(FlowKind.UDP, client, server, rtt, faults);
        Layer4 l4 = udp(ephemeralPort(), port);
        policyVerdict(t0, clientNode, TrafficDirection.EGRESS, Verdict.FORWARDED, 0, l4, "UDP");
        int datagrams = 1 + random.nextInt(3);
        for (int i = 0; i < datagrams; i++) {
            long t = t0 + i * 700 * MICROS;
            if (faults.denyFraction() > 0 && random.nextDouble() < faults.denyFraction()) {
                packet(t, false, l4, "UDP", DropReason.POLICY_DENIED);
            } else {
                dataPacket(t, false, l4, "UDP");
            }
        }
    }

    /** An ICMP echo request and its reply. */
    void ping(long t0, SimPod client, SimPod server, long rtt, LinkFaults faults) {
        begin(FlowKind.ICMP, client, server, rtt, faults);
        policyVerdict(t0, clientNode, TrafficDirection.EGRESS, Verdict.FORWARDED, 0, ICMP_ECHO_REQUEST, "ICMPv4 EchoRequest");
        if (faults.denyFraction() > 0 && random.nextDouble() < faults.denyFraction()) {
            packet(t0, false, ICMP_ECHO_REQUEST, "ICMPv4 EchoRequest", DropReason.POLICY_DENIED);
            return;
        }
        long arrived = dataPacket(t0, false, ICMP_ECHO_REQUEST, "ICMPv4 EchoRequest");
        if (arrived != LOST) {
            dataPacket(arrived + 8 * MICROS, true, ICMP_ECHO_REPLY, "ICMPv4 EchoReply");
        }
    }

    /**
     * A DNS lookup through Cilium's DNS proxy on the client's node: the query is redirected to
     * the proxy (REDIRECTED, proxy_port), which records the L7 request, forwards it to the DNS
     * server, and records the L7 response with its latency when the answer comes back.
     */
    void dns(long t0, SimPod client, SimPod server, long rtt, long serverTime, String query, String qtype,
             int rcode, String answerIp) {
        begin(FlowKind.DNS, client, server, rtt, LinkFaults.NONE);
        int sourcePort = ephemeralPort();
        Layer4 requestL4 = udp(sourcePort, 53);
        Layer4 responseL4 = udp(53, sourcePort);
        policyVerdict(t0, clientNode, TrafficDirection.EGRESS, Verdict.REDIRECTED, dnsProxyPort, requestL4, "UDP");
        trace(t0, clientNode, client, server, forwardIp, requestL4, "UDP", false, TraceObservationPoint.TO_PROXY);
        long requestSeen = t0 + 25 * MICROS;
        DNS.Builder request = DNS.newBuilder().setQuery(query).setObservationSource("proxy").addQtypes(qtype);
        l7(requestSeen, clientNode, client, server, forwardIp, requestL4, false, TrafficDirection.EGRESS,
                Layer7.newBuilder().setType(L7FlowType.REQUEST).setDns(request).build(),
                "DNS Query " + query + " " + qtype);
        long arrived = packet(requestSeen + 15 * MICROS, false, requestL4, "UDP", null);
        long answered = packet(arrived + serverTime, true, responseL4, "UDP", null);
        long responseSeen = answered + 20 * MICROS;
        DNS.Builder answer = DNS.newBuilder().setQuery(query).setObservationSource("proxy").addQtypes(qtype).setRcode(rcode);
        String summary;
        if (rcode == 0) {
            answer.setTtl(30);
            if (answerIp != null && qtype.equals("A")) {
                answer.addIps(answerIp).addRrtypes("A");
                summary = "DNS Answer \"" + answerIp + "\" TTL: 30 (Proxy " + query + " " + qtype + ")";
            } else {
                summary = "DNS Answer TTL: 30 (Proxy " + query + " " + qtype + ")";
            }
        } else {
            answer.setTtl((int) DNS_NEGATIVE_TTL);
            summary = "DNS Answer RCode: " + rcodeText(rcode) + " TTL: " + DNS_NEGATIVE_TTL + " (Proxy " + query + " " + qtype + ")";
        }
        l7(responseSeen, clientNode, server, client, replyIp, responseL4, true, TrafficDirection.EGRESS,
                Layer7.newBuilder().setType(L7FlowType.RESPONSE).setLatencyNs(responseSeen - requestSeen).setDns(answer).build(),
                summary);
    }

    /** A Hubble lost-events record from a node. */
    void lostEvents(long t, SimNode node, long lost) {
        Timestamp time = timestamp(t);
        LostEvent event = LostEvent.newBuilder()
                .setSource(LostEventSource.PERF_EVENT_RING_BUFFER)
                .setNumEventsLost(lost)
                .setCpu(Int32Value.of(random.nextInt(2)))
                .build();
        heap.add(t, response.clear().setLostEvents(event).setNodeName(node.name()).setTime(time).build(),
                FlowKind.LOST_EVENTS.ordinal());
    }

    private void httpRecord(long requestSeen, long responseSeen, Layer4 requestL4, Layer4 responseL4, HttpExchange http) {
        HTTP.Builder request = HTTP.newBuilder().setMethod(http.method()).setUrl(http.url()).setProtocol("HTTP/1.1");
        l7(requestSeen, serverNode, client, server, forwardIp, requestL4, false, TrafficDirection.INGRESS,
                Layer7.newBuilder().setType(L7FlowType.REQUEST).setHttp(request).build(),
                "HTTP/1.1 " + http.method() + " " + http.url());
        long latency = responseSeen - requestSeen;
        l7(responseSeen, serverNode, server, client, replyIp, responseL4, true, TrafficDirection.INGRESS,
                Layer7.newBuilder().setType(L7FlowType.RESPONSE).setLatencyNs(latency)
                        .setHttp(request.setCode(http.status())).build(),
                "HTTP/1.1 " + http.status() + " " + (latency / MILLIS) + "ms (" + http.method() + " " + http.url() + ")");
    }

    /**
     * A packet after the handshake that, under a packet-drop fault, may be dropped at the receiver;
     * TCP retransmits it after the retransmission timeout, datagrams and pings are simply lost.
     * SYNs are never dropped this way: a retransmitted SYN would distort the handshake latency.
     */
    private long dataPacket(long t, boolean reply, Layer4 l4, String summary) {
        SimNode receiver = reply ? clientNode : serverNode;
        if (packetDropReason != null && receiver != null && random.nextDouble() < packetDropFraction) {
            packet(t, reply, l4, summary, packetDropReason);
            if (!l4.hasTCP()) {
                return LOST;
            }
            t += RETRANSMIT_TIMEOUT;
        }
        return packet(t, reply, l4, summary, null);
    }

    /** Even between pods of one node a packet takes half the (same-node) round trip. */
    private long arrivalTime(long t, boolean reply) {
        return t + oneWay;
    }

    /** One packet: recorded leaving the sender's node and arriving at (or dropped by) the receiver's node. */
    private long packet(long t, boolean reply, Layer4 l4, String summary, DropReason dropAtReceiver) {
        Peer from = reply ? server : client;
        Peer to = reply ? client : server;
        SimNode fromNode = from.node();
        SimNode toNode = to.node();
        IP ip = reply ? replyIp : forwardIp;
        if (fromNode != null && fromNode != toNode) {
            trace(t, fromNode, from, to, ip, l4, summary, reply,
                    toNode == null ? TraceObservationPoint.TO_STACK : TraceObservationPoint.TO_OVERLAY);
        }
        long arrival = arrivalTime(t, reply);
        if (toNode != null) {
            if (dropAtReceiver != null) {
                drop(arrival, toNode, from, to, ip, l4, summary, reply, dropAtReceiver);
            } else {
                trace(arrival, toNode, from, to, ip, l4, summary, reply,
                        !reply && proxyAtServer ? TraceObservationPoint.TO_PROXY : TraceObservationPoint.TO_ENDPOINT);
            }
        }
        return arrival;
    }

    private void trace(long t, SimNode at, Peer from, Peer to, IP ip, Layer4 l4, String summary, boolean reply,
                       TraceObservationPoint point) {
        Flow.Builder f = common(t, at, from, to, ip, l4, summary, reply)
                .setVerdict(Verdict.FORWARDED)
                .setType(FlowType.L3_L4)
                .setEventType(traceEventType(point))
                .setTraceObservationPoint(point);
        finish(t, at, f, false);
    }

    private void drop(long t, SimNode at, Peer from, Peer to, IP ip, Layer4 l4, String summary, boolean reply,
                      DropReason reason) {
        Flow.Builder f = common(t, at, from, to, ip, l4, summary, reply)
                .setVerdict(Verdict.DROPPED)
                .setType(FlowType.L3_L4)
                .setDropReason(reason.getNumber())
                .setDropReasonDesc(reason)
                .setEventType(eventType(1, reason.getNumber()));
        finish(t, at, f, true);
    }

    private void policyVerdict(long t, SimNode at, TrafficDirection direction, Verdict verdict, int proxyPort,
                               Layer4 l4, String summary) {
        Flow.Builder f = common(t, at, client, server, forwardIp, l4, summary, false)
                .setTrafficDirection(direction)
                .setVerdict(verdict)
                .setType(FlowType.L3_L4)
                .setEventType(POLICY_VERDICT)
                .setPolicyMatchType(POLICY_MATCH_L3_L4);
        if (proxyPort > 0) {
            f.setProxyPort(proxyPort);
        }
        finish(t, at, f, false);
    }

    private void l7(long t, SimNode at, Peer from, Peer to, IP ip, Layer4 l4, boolean reply, TrafficDirection direction,
                    Layer7 record, String summary) {
        Flow.Builder f = common(t, at, from, to, ip, l4, summary, reply)
                .setVerdict(Verdict.FORWARDED)
                .setType(FlowType.L7)
                .setEventType(ACCESS_LOG)
                .setTrafficDirection(direction)
                .setL7(record);
        finish(t, at, f, false);
    }

    private Flow.Builder common(long t, SimNode at, Peer from, Peer to, IP ip, Layer4 l4, String summary, boolean reply) {
        Flow.Builder f = flow.clear()
                .setTime(timestamp(t))
                .setUuid(uuid())
                .setIP(ip)
                .setL4(l4)
                .setSource(from.endpointAt(at))
                .setDestination(to.endpointAt(at))
                .setNodeName(at.name())
                .setTrafficDirection(at == serverNode ? TrafficDirection.INGRESS : TrafficDirection.EGRESS)
                .setIsReply(reply ? TRUE : FALSE)
                .setSummary(summary);
        if (reply) {
            f.setReply(true);
            if (serverService != null) {
                f.setSourceService(serverService);
            }
            if (worldHost != null) {
                f.addSourceNames(worldHost);
            }
        } else {
            if (serverService != null) {
                f.setDestinationService(serverService);
            }
            if (worldHost != null) {
                f.addDestinationNames(worldHost);
            }
        }
        return f;
    }

    private void finish(long t, SimNode at, Flow.Builder f, boolean dropped) {
        GetFlowsResponse r = response.clear().setFlow(f).setNodeName(at.name()).setTime(f.getTime()).build();
        heap.add(t, r, dropped ? kind | DROPPED_FLAG : kind);
    }

    private int ephemeralPort() {
        return 32768 + random.nextInt(60999 - 32768 + 1);
    }

    /** A random (version 4) UUID drawn from the seeded generator. */
    private String uuid() {
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    static Timestamp timestamp(long nanos) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(nanos, 1_000_000_000L))
                .setNanos((int) Math.floorMod(nanos, 1_000_000_000L)).build();
    }

    private static Layer4 tcp(int sourcePort, int destinationPort, TCPFlags flags) {
        return Layer4.newBuilder().setTCP(TCP.newBuilder().setSourcePort(sourcePort).setDestinationPort(destinationPort).setFlags(flags)).build();
    }

    private static Layer4 udp(int sourcePort, int destinationPort) {
        return Layer4.newBuilder().setUDP(UDP.newBuilder().setSourcePort(sourcePort).setDestinationPort(destinationPort)).build();
    }

    private static CiliumEventType traceEventType(TraceObservationPoint point) {
        return switch (point) {
            case TO_PROXY -> TRACE_TO_PROXY;
            case TO_STACK -> TRACE_TO_STACK;
            case TO_OVERLAY -> TRACE_TO_OVERLAY;
            default -> TRACE_TO_ENDPOINT;
        };
    }

    private static CiliumEventType eventType(int type, int subType) {
        return CiliumEventType.newBuilder().setType(type).setSubType(subType).build();
    }

    static String rcodeText(int rcode) {
        return switch (rcode) {
            case 1 -> "Format Error";
            case 2 -> "Server Failure";
            case 3 -> "Non-Existent Domain";
            case 4 -> "Not Implemented";
            case 5 -> "Refused";
            default -> "RCode " + rcode;
        };
    }
}
