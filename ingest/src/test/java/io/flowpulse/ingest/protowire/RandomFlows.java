package io.flowpulse.ingest.protowire;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import java.util.Random;

/** Random flows over every field the mapping reads, with edge values: unknown enum numbers, big unsigned numbers, non-ASCII text. */
final class RandomFlows {

    private static final String[] TEXT = {"", "a", "k8s-node-1", "cluster-1/k8s-node-2", "/lead", "kube-system",
        "k8s:app=web", "Zürich-ノード", "emoji 🛰", "reserved:world", "10.0.0.1", "fd00::1", "x".repeat(200)};

    private RandomFlows() {
    }

    static GetFlowsResponse response(Random r) {
        GetFlowsResponse.Builder response = GetFlowsResponse.newBuilder().setFlow(flow(r));
        if (r.nextInt(3) > 0) {
            response.setNodeName(nonEmpty(r));
        }
        if (r.nextInt(3) > 0) {
            response.setTime(time(r));
        }
        return response.build();
    }

    private static FlowProtos.Flow flow(Random r) {
        FlowProtos.Flow.Builder f = FlowProtos.Flow.newBuilder();
        if (r.nextInt(10) > 0) {
            f.setTime(time(r));
        }
        if (r.nextBoolean()) {
            f.setUuid(text(r));
        }
        f.setVerdictValue(enumValue(r, 12));
        f.setDropReason(number(r));
        f.setAuthTypeValue(enumValue(r, 4));
        if (r.nextBoolean()) {
            f.setIP(FlowProtos.IP.newBuilder().setSource(text(r)).setDestination(text(r)).setSourceXlated(text(r))
                    .setIpVersionValue(enumValue(r, 3)).setEncrypted(r.nextBoolean()));
        }
        if (r.nextInt(5) > 0) {
            f.setL4(layer4(r));
        }
        if (r.nextBoolean()) {
            f.setSource(endpoint(r));
        }
        if (r.nextBoolean()) {
            f.setDestination(endpoint(r));
        }
        f.setTypeValue(enumValue(r, 4));
        if (r.nextInt(4) > 0) {
            f.setNodeName(text(r));
        }
        for (int i = r.nextInt(3); i > 0; i--) {
            f.addNodeLabels(text(r));
            f.addSourceNames(text(r));
            f.addDestinationNames(text(r));
        }
        if (r.nextBoolean()) {
            f.setL7(layer7(r));
        }
        f.setReply(r.nextBoolean());
        if (r.nextBoolean()) {
            f.setEventType(FlowProtos.CiliumEventType.newBuilder().setType(number(r)).setSubType(number(r)));
        }
        if (r.nextBoolean()) {
            f.setSourceService(FlowProtos.Service.newBuilder().setName(text(r)).setNamespace(text(r)));
        }
        if (r.nextBoolean()) {
            f.setDestinationService(FlowProtos.Service.newBuilder().setName(text(r)).setNamespace(text(r)));
        }
        f.setTrafficDirectionValue(enumValue(r, 4));
        f.setPolicyMatchType(number(r));
        f.setTraceObservationPointValue(enumValue(r, 12));
        f.setTraceReasonValue(enumValue(r, 8));
        f.setDropReasonDescValue(enumValue(r, 200));
        if (r.nextBoolean()) {
            f.setIsReply(BoolValue.of(r.nextBoolean()));
        }
        if (r.nextBoolean()) {
            f.setInterface(FlowProtos.NetworkInterface.newBuilder().setIndex(number(r)).setName(text(r)));
        }
        f.setProxyPort(number(r));
        if (r.nextInt(4) == 0) {
            f.setTraceContext(FlowProtos.TraceContext.newBuilder()
                    .setParent(FlowProtos.TraceParent.newBuilder().setTraceId(text(r))));
        } else if (r.nextInt(4) == 0) {
            f.setTraceContext(FlowProtos.TraceContext.getDefaultInstance());
        }
        if (r.nextBoolean()) {
            f.setSummary(text(r));
        }
        for (int i = r.nextInt(3); i > 0; i--) {
            f.addEgressAllowedBy(policy(r));
            f.addIngressAllowedBy(policy(r));
            f.addEgressDeniedBy(policy(r));
            f.addIngressDeniedBy(policy(r));
        }
        if (r.nextInt(5) == 0) {
            f.setEthernet(FlowProtos.Ethernet.newBuilder().setSource(text(r))); // not mapped: skipped
        }
        return f.build();
    }

    private static FlowProtos.Layer4 layer4(Random r) {
        FlowProtos.Layer4.Builder l4 = FlowProtos.Layer4.newBuilder();
        switch (r.nextInt(8)) {
            case 0 -> {
                FlowProtos.TCP.Builder tcp = FlowProtos.TCP.newBuilder().setSourcePort(number(r)).setDestinationPort(number(r));
                if (r.nextBoolean()) {
                    tcp.setFlags(FlowProtos.TCPFlags.newBuilder().setSYN(r.nextBoolean()).setACK(r.nextBoolean())
                            .setFIN(r.nextBoolean()).setRST(r.nextBoolean()).setPSH(r.nextBoolean()).setNS(r.nextBoolean()));
                }
                l4.setTCP(tcp);
            }
            case 1 -> l4.setUDP(FlowProtos.UDP.newBuilder().setSourcePort(number(r)).setDestinationPort(number(r)));
            case 2 -> l4.setICMPv4(FlowProtos.ICMPv4.newBuilder().setType(number(r)).setCode(number(r)));
            case 3 -> l4.setICMPv6(FlowProtos.ICMPv6.newBuilder().setType(number(r)).setCode(number(r)));
            case 4 -> l4.setSCTP(FlowProtos.SCTP.newBuilder().setSourcePort(number(r)).setDestinationPort(number(r)));
            case 5 -> l4.setVRRP(FlowProtos.VRRP.newBuilder().setType(number(r)).setVrid(number(r)));
            case 6 -> l4.setIGMP(FlowProtos.IGMP.newBuilder().setType(number(r)).setGroupAddress(text(r)));
            default -> {
                // no protocol set
            }
        }
        return l4.build();
    }

    private static FlowProtos.Endpoint endpoint(Random r) {
        FlowProtos.Endpoint.Builder e = FlowProtos.Endpoint.newBuilder().setID(number(r)).setIdentity(number(r))
                .setClusterName(text(r)).setNamespace(text(r)).setPodName(text(r));
        for (int i = r.nextInt(4); i > 0; i--) {
            e.addLabels(text(r));
        }
        for (int i = r.nextInt(3); i > 0; i--) {
            e.addWorkloads(FlowProtos.Workload.newBuilder().setName(text(r)).setKind(text(r)));
        }
        return e.build();
    }

    private static FlowProtos.Layer7 layer7(Random r) {
        FlowProtos.Layer7.Builder l7 = FlowProtos.Layer7.newBuilder().setTypeValue(enumValue(r, 5))
                .setLatencyNs(r.nextBoolean() ? r.nextLong() : r.nextInt(1_000_000));
        switch (r.nextInt(4)) {
            case 0 -> {
                FlowProtos.DNS.Builder dns = FlowProtos.DNS.newBuilder().setQuery(text(r)).setTtl(number(r))
                        .setObservationSource(text(r)).setRcode(number(r));
                for (int i = r.nextInt(3); i > 0; i--) {
                    dns.addIps(text(r)).addCnames(text(r)).addQtypes(text(r)).addRrtypes(text(r));
                }
                l7.setDns(dns);
            }
            case 1 -> l7.setHttp(FlowProtos.HTTP.newBuilder().setCode(number(r)).setMethod(text(r)).setUrl(text(r))
                    .setProtocol(text(r)).addHeaders(FlowProtos.HTTPHeader.newBuilder().setKey("k").setValue(text(r))));
            case 2 -> l7.setKafka(FlowProtos.Kafka.newBuilder().setTopic(text(r)));
            default -> {
                // no record
            }
        }
        return l7.build();
    }

    private static FlowProtos.Policy policy(Random r) {
        return FlowProtos.Policy.newBuilder().setName(text(r)).setNamespace(text(r)).setKind(text(r))
                .addLabels(text(r)).setRevision(r.nextInt(9)).build();
    }

    private static Timestamp time(Random r) {
        long seconds = switch (r.nextInt(4)) {
            case 0 -> -r.nextInt(1_000_000);
            case 1 -> 0;
            default -> 1_700_000_000L + r.nextInt(1_000_000);
        };
        int nanos = r.nextInt(8) == 0 ? -r.nextInt(999_999_999) : r.nextInt(1_000_000_000);
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    /** 0, small, or above 2^31 (negative as a Java int), as uint32 fields can be. */
    private static int number(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(70_000);
            case 2 -> -1 - r.nextInt(5);
            default -> r.nextInt();
        };
    }

    /** A known value or one this version does not know. */
    private static int enumValue(Random r, int bound) {
        return r.nextInt(6) == 0 ? 1000 + r.nextInt(50) : r.nextInt(bound);
    }

    private static String text(Random r) {
        return TEXT[r.nextInt(TEXT.length)];
    }

    private static String nonEmpty(Random r) {
        return TEXT[1 + r.nextInt(TEXT.length - 1)];
    }
}
