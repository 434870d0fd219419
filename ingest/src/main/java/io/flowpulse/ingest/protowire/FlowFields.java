package io.flowpulse.ingest.protowire;

import io.flowpulse.hubble.flow.FlowProtos;

/**
 * FlowMapper's rules for the fields of Flow.avsc that are not plain copies, applied to a {@link FlowView}:
 * which enum names are kept and what stands in for the others, when a number means "absent".
 * {@link AvroFlowEncoder} (Avro bytes) and {@link FlowViewMapper} (Avro records) both take them from here.
 */
final class FlowFields {

    static final Name[] TCP_FLAGS = Name.of("FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS");
    /** By the field number of the Layer4 oneof member that is set. */
    private static final Name[] PROTOCOLS = Name.of(null, "TCP", "UDP", "ICMPv4", "ICMPv6", "SCTP", "VRRP", "IGMP");

    static final EnumNames VERDICTS = EnumNames.unknownAsZero(FlowProtos.Verdict.values());
    static final EnumNames DROP_REASONS = EnumNames.zeroAsAbsent(FlowProtos.DropReason.values());
    static final EnumNames FLOW_TYPES = EnumNames.unknownAsZero(FlowProtos.FlowType.values());
    static final EnumNames DIRECTIONS = EnumNames.only(FlowProtos.TrafficDirection.INGRESS,
            FlowProtos.TrafficDirection.EGRESS);
    static final EnumNames OBSERVATION_POINTS = EnumNames.zeroAsAbsent(FlowProtos.TraceObservationPoint.values());
    static final EnumNames TRACE_REASONS = EnumNames.zeroAsAbsent(FlowProtos.TraceReason.values());
    static final EnumNames IP_VERSIONS = EnumNames.only(FlowProtos.IPVersion.IPv4, FlowProtos.IPVersion.IPv6);
    static final EnumNames AUTH_TYPES = EnumNames.zeroAsAbsent(FlowProtos.AuthType.values());
    static final EnumNames L7_TYPES = EnumNames.unknownAsZero(FlowProtos.L7FlowType.values());

    private FlowFields() {
    }

    /** is_reply when given; before Cilium 1.10 only the plain bool existed, written only when true. */
    static Boolean isReply(FlowView f) {
        if (f.isReply.present) {
            return f.isReply.value != 0;
        }
        return f.reply ? Boolean.TRUE : null;
    }

    static Name protocol(Views.Layer4 l4) {
        return PROTOCOLS[l4.protocol];
    }

    static boolean hasPorts(Views.Layer4 l4) {
        return l4.protocol == FlowProtos.Layer4.TCP_FIELD_NUMBER || l4.protocol == FlowProtos.Layer4.UDP_FIELD_NUMBER
                || l4.protocol == FlowProtos.Layer4.SCTP_FIELD_NUMBER;
    }

    static boolean isIcmp(Views.Layer4 l4) {
        return l4.protocol == FlowProtos.Layer4.ICMPV4_FIELD_NUMBER
                || l4.protocol == FlowProtos.Layer4.ICMPV6_FIELD_NUMBER;
    }

    /** The TCP flags set, as bits in {@link #TCP_FLAGS} order; 0 for none or another protocol. */
    static int tcpFlags(Views.Layer4 l4) {
        return l4.protocol == FlowProtos.Layer4.TCP_FIELD_NUMBER && l4.hasFlags ? l4.flags : 0;
    }

    static boolean isDns(Layer7View l7) {
        return l7.record == FlowProtos.Layer7.DNS_FIELD_NUMBER;
    }

    static boolean isHttp(Layer7View l7) {
        return l7.record == FlowProtos.Layer7.HTTP_FIELD_NUMBER;
    }

    /** proto3 cannot tell an absent TTL from 0; requests carry none, so 0 reads as absent. */
    static boolean hasTtl(Layer7View.Dns dns) {
        return (int) dns.ttl != 0;
    }

    static long unsigned32(long value) {
        return value & 0xffffffffL;
    }

    /** drop_reason, proxy_port and policy_match_type: 0 is absent. */
    static boolean isSet(long number) {
        return (int) number != 0;
    }
}
