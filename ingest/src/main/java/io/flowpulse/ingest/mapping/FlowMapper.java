package io.flowpulse.ingest.mapping;

import io.flowpulse.schemas.EpochMicros;
import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos;
import io.flowpulse.hubble.flow.FlowProtos.LostEvent;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps Hubble's observer events to the Avro records of topic hubble.flows.v1, following the
 * field docs of Flow.avsc and LostEvents.avsc.
 *
 * <p>Runs once per flow on the ingest hot path: plain getters and setters only. Records are
 * filled through setters rather than Avro builders, whose per-field default handling costs
 * more than the mapping itself, so every field is set explicitly here. Repeated string fields
 * are handed over as protobuf's immutable lists without copying. Event times outside the
 * {@link EventTimeBounds} are refused. Stateless and thread-safe.
 */
public final class FlowMapper {

    private static final String[] TCP_FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS"};

    private final EventTimeBounds timeBounds;

    /** Accepts the event times of {@link EventTimeBounds#DEFAULTS}. */
    public FlowMapper() {
        this(EventTimeBounds.DEFAULTS);
    }

    public FlowMapper(EventTimeBounds timeBounds) {
        this.timeBounds = timeBounds;
    }

    public EventTimeBounds timeBounds() {
        return timeBounds;
    }

    /** Maps a response of the GetFlows stream (Hubble Relay or a Hubble server). */
    public MappedEvent map(GetFlowsResponse response) {
        Timestamp time = response.hasTime() ? response.getTime() : null;
        return switch (response.getResponseTypesCase()) {
            case FLOW -> new MappedEvent.OfFlow(toFlow(response.getFlow(), response.getNodeName(), time));
            case LOST_EVENTS ->
                    new MappedEvent.OfLostEvents(toLostEvents(response.getLostEvents(), response.getNodeName(), time));
            case NODE_STATUS -> new MappedEvent.NotAFlow(MappedEvent.Kind.NODE_STATUS, response.getNodeName());
            default -> new MappedEvent.NotAFlow(MappedEvent.Kind.OTHER, response.getNodeName());
        };
    }

    /** Maps one line of a capture or exporter file; agent and debug events come back as {@link MappedEvent.Kind#OTHER}. */
    public MappedEvent map(ExportEvent event) {
        Timestamp time = event.hasTime() ? event.getTime() : null;
        return switch (event.getResponseTypesCase()) {
            case FLOW -> new MappedEvent.OfFlow(toFlow(event.getFlow(), event.getNodeName(), time));
            case LOST_EVENTS ->
                    new MappedEvent.OfLostEvents(toLostEvents(event.getLostEvents(), event.getNodeName(), time));
            case NODE_STATUS -> new MappedEvent.NotAFlow(MappedEvent.Kind.NODE_STATUS, event.getNodeName());
            default -> new MappedEvent.NotAFlow(MappedEvent.Kind.OTHER, event.getNodeName());
        };
    }

    /**
     * @param responseNodeName node_name outside the flow, used when the flow has none
     * @param responseTime time outside the flow, used when the flow has none; may be null
     * @throws FlowMappingException when neither the flow nor the response carries a time or a node name
     * @throws EventTimeOutOfRangeException when the time is outside the accepted bounds
     */
    public Flow toFlow(FlowProtos.Flow source, String responseNodeName, Timestamp responseTime) {
        Timestamp time = source.hasTime() ? source.getTime() : responseTime;
        if (time == null) {
            throw new FlowMappingException("flow has no time, neither in flow.time nor in the response's time");
        }
        timeBounds.check(time.getSeconds(), "flow time");
        Flow flow = new Flow();
        flow.setTime(toInstant(time));
        String nodeName = !source.getNodeName().isEmpty() ? source.getNodeName() : responseNodeName;
        if (nodeName.isEmpty()) {
            throw new FlowMappingException("flow has no node name, neither in flow.node_name nor in the response's node_name");
        }
        flow.setUuid(emptyToNull(source.getUuid()));
        flow.setNodeName(nodeName);
        flow.setNode(NodeName.node(nodeName));
        flow.setCluster(NodeName.cluster(nodeName));
        flow.setNodeLabels(source.getNodeLabelsList());

        FlowProtos.Verdict verdict = source.getVerdict();
        flow.setVerdict(verdict == FlowProtos.Verdict.UNRECOGNIZED ? FlowProtos.Verdict.VERDICT_UNKNOWN.name() : verdict.name());
        flow.setDropReason(source.getDropReason() == 0 ? null : source.getDropReason());
        FlowProtos.DropReason dropReason = source.getDropReasonDesc();
        flow.setDropReasonDesc(dropReason == FlowProtos.DropReason.DROP_REASON_UNKNOWN
                || dropReason == FlowProtos.DropReason.UNRECOGNIZED ? null : dropReason.name());
        FlowProtos.FlowType type = source.getType();
        flow.setFlowType(type == FlowProtos.FlowType.UNRECOGNIZED ? FlowProtos.FlowType.UNKNOWN_TYPE.name() : type.name());
        if (source.hasEventType()) {
            flow.setEventType(source.getEventType().getType());
            flow.setEventSubType(source.getEventType().getSubType());
        } else {
            flow.setEventType(null);
            flow.setEventSubType(null);
        }
        FlowProtos.TrafficDirection direction = source.getTrafficDirection();
        flow.setTrafficDirection(direction == FlowProtos.TrafficDirection.INGRESS
                || direction == FlowProtos.TrafficDirection.EGRESS ? direction.name() : null);
        flow.setIsReply(isReply(source));
        FlowProtos.TraceObservationPoint point = source.getTraceObservationPoint();
        flow.setTraceObservationPoint(point == FlowProtos.TraceObservationPoint.UNKNOWN_POINT
                || point == FlowProtos.TraceObservationPoint.UNRECOGNIZED ? null : point.name());
        FlowProtos.TraceReason reason = source.getTraceReason();
        flow.setTraceReason(reason == FlowProtos.TraceReason.TRACE_REASON_UNKNOWN
                || reason == FlowProtos.TraceReason.UNRECOGNIZED ? null : reason.name());

        setIp(flow, source);
        setLayer4(flow, source);

        flow.setSource(toEndpoint(source.getSource()));
        flow.setDestination(toEndpoint(source.getDestination()));
        flow.setSourceNames(source.getSourceNamesList());
        flow.setDestinationNames(source.getDestinationNamesList());
        flow.setSourceService(source.hasSourceService() ? toService(source.getSourceService()) : null);
        flow.setDestinationService(source.hasDestinationService() ? toService(source.getDestinationService()) : null);
        if (source.hasInterface()) {
            flow.setInterfaceName(emptyToNull(source.getInterface().getName()));
            flow.setInterfaceIndex(source.getInterface().getIndex());
        } else {
            flow.setInterfaceName(null);
            flow.setInterfaceIndex(null);
        }
        flow.setProxyPort(source.getProxyPort() == 0 ? null : source.getProxyPort());
        flow.setPolicyMatchType(source.getPolicyMatchType() == 0 ? null : source.getPolicyMatchType());
        FlowProtos.AuthType authType = source.getAuthType();
        flow.setAuthType(authType == FlowProtos.AuthType.DISABLED || authType == FlowProtos.AuthType.UNRECOGNIZED
                ? null : authType.name());
        flow.setEgressAllowedBy(toPolicies(source.getEgressAllowedByList()));
        flow.setIngressAllowedBy(toPolicies(source.getIngressAllowedByList()));
        flow.setEgressDeniedBy(toPolicies(source.getEgressDeniedByList()));
        flow.setIngressDeniedBy(toPolicies(source.getIngressDeniedByList()));
        flow.setTraceId(source.hasTraceContext() ? emptyToNull(source.getTraceContext().getParent().getTraceId()) : null);
        flow.setL7(source.hasL7() ? toLayer7(source.getL7()) : null);
        flow.setSummary(emptyToNull(source.getSummary()));
        return flow;
    }

    /**
     * @param time the response's time; may be null
     * @throws FlowMappingException when the response carries no time or no node name
     * @throws EventTimeOutOfRangeException when the time is outside the accepted bounds
     */
    public LostEvents toLostEvents(LostEvent source, String nodeName, Timestamp time) {
        if (time == null) {
            throw new FlowMappingException("lost_events without the response's time");
        }
        if (nodeName.isEmpty()) {
            throw new FlowMappingException("lost_events without the response's node_name");
        }
        timeBounds.check(time.getSeconds(), "lost_events time");
        LostEvents lost = new LostEvents();
        lost.setTime(toInstant(time));
        lost.setNodeName(nodeName);
        lost.setNode(NodeName.node(nodeName));
        FlowProtos.LostEventSource lostSource = source.getSource();
        lost.setSource(lostSource == FlowProtos.LostEventSource.UNRECOGNIZED
                ? FlowProtos.LostEventSource.UNKNOWN_LOST_EVENT_SOURCE.name() : lostSource.name());
        lost.setNumEventsLost(source.getNumEventsLost());
        lost.setCpu(source.hasCpu() ? source.getCpu().getValue() : null);
        lost.setFirst(source.hasFirst() ? checkedInstant(source.getFirst(), "lost_events first") : null);
        lost.setLast(source.hasLast() ? checkedInstant(source.getLast(), "lost_events last") : null);
        return lost;
    }

    /** The Avro fields are timestamp-micros: nanoseconds below a microsecond are cut, as the encoder would. */
    static Instant toInstant(Timestamp timestamp) {
        return EpochMicros.truncate(timestamp.getSeconds(), timestamp.getNanos());
    }

    private Instant checkedInstant(Timestamp timestamp, String what) {
        timeBounds.check(timestamp.getSeconds(), what);
        return toInstant(timestamp);
    }

    private static Boolean isReply(FlowProtos.Flow source) {
        if (source.hasIsReply()) {
            return source.getIsReply().getValue();
        }
        // Before Cilium 1.10 only the plain bool existed, and it was written only when true.
        return source.getReply() ? Boolean.TRUE : null;
    }

    private static void setIp(Flow flow, FlowProtos.Flow source) {
        flow.setEncrypted(false);
        if (!source.hasIP()) {
            flow.setIpVersion(null);
            flow.setSourceIp(null);
            flow.setSourceIpXlated(null);
            flow.setDestinationIp(null);
            return;
        }
        FlowProtos.IP ip = source.getIP();
        FlowProtos.IPVersion version = ip.getIpVersion();
        flow.setIpVersion(version == FlowProtos.IPVersion.IPv4 || version == FlowProtos.IPVersion.IPv6 ? version.name() : null);
        flow.setSourceIp(emptyToNull(ip.getSource()));
        flow.setSourceIpXlated(emptyToNull(ip.getSourceXlated()));
        flow.setDestinationIp(emptyToNull(ip.getDestination()));
        flow.setEncrypted(ip.getEncrypted());
    }

    private static void setLayer4(Flow flow, FlowProtos.Flow source) {
        flow.setProtocol(null);
        flow.setSourcePort(null);
        flow.setDestinationPort(null);
        flow.setTcpFlags(List.of());
        flow.setIcmpType(null);
        flow.setIcmpCode(null);
        FlowProtos.Layer4 l4 = source.getL4();
        switch (l4.getProtocolCase()) {
            case TCP:
                FlowProtos.TCP tcp = l4.getTCP();
                flow.setProtocol("TCP");
                flow.setSourcePort(tcp.getSourcePort());
                flow.setDestinationPort(tcp.getDestinationPort());
                if (tcp.hasFlags()) {
                    flow.setTcpFlags(tcpFlags(tcp.getFlags()));
                }
                break;
            case UDP:
                flow.setProtocol("UDP");
                flow.setSourcePort(l4.getUDP().getSourcePort());
                flow.setDestinationPort(l4.getUDP().getDestinationPort());
                break;
            case SCTP:
                flow.setProtocol("SCTP");
                flow.setSourcePort(l4.getSCTP().getSourcePort());
                flow.setDestinationPort(l4.getSCTP().getDestinationPort());
                break;
            case ICMPV4:
                flow.setProtocol("ICMPv4");
                flow.setIcmpType(l4.getICMPv4().getType());
                flow.setIcmpCode(l4.getICMPv4().getCode());
                break;
            case ICMPV6:
                flow.setProtocol("ICMPv6");
                flow.setIcmpType(l4.getICMPv6().getType());
                flow.setIcmpCode(l4.getICMPv6().getCode());
                break;
            case VRRP:
                flow.setProtocol("VRRP");
                break;
            case IGMP:
                flow.setProtocol("IGMP");
                break;
            default:
                break;
        }
    }

    private static List<String> tcpFlags(FlowProtos.TCPFlags flags) {
        boolean[] set = {flags.getFIN(), flags.getSYN(), flags.getRST(), flags.getPSH(), flags.getACK(),
            flags.getURG(), flags.getECE(), flags.getCWR(), flags.getNS()};
        List<String> names = new ArrayList<>(4);
        for (int i = 0; i < set.length; i++) {
            if (set[i]) {
                names.add(TCP_FLAG_NAMES[i]);
            }
        }
        return names;
    }

    /** An absent endpoint becomes one with the schema's defaults (id 0, identity 0, no labels). */
    private static Endpoint toEndpoint(FlowProtos.Endpoint source) {
        Endpoint endpoint = new Endpoint();
        endpoint.setId(source.getID());
        endpoint.setIdentity(Integer.toUnsignedLong(source.getIdentity()));
        endpoint.setClusterName(emptyToNull(source.getClusterName()));
        endpoint.setNamespace(emptyToNull(source.getNamespace()));
        endpoint.setPodName(emptyToNull(source.getPodName()));
        endpoint.setLabels(source.getLabelsList());
        int workloadCount = source.getWorkloadsCount();
        if (workloadCount == 0) {
            endpoint.setWorkloads(List.of());
        } else {
            List<Workload> workloads = new ArrayList<>(workloadCount);
            for (int i = 0; i < workloadCount; i++) {
                FlowProtos.Workload workload = source.getWorkloads(i);
                workloads.add(new Workload(workload.getName(), emptyToNull(workload.getKind())));
            }
            endpoint.setWorkloads(workloads);
        }
        return endpoint;
    }

    private static Service toService(FlowProtos.Service source) {
        return new Service(source.getName(), emptyToNull(source.getNamespace()));
    }

    private static List<Policy> toPolicies(List<FlowProtos.Policy> source) {
        if (source.isEmpty()) {
            return List.of();
        }
        List<Policy> policies = new ArrayList<>(source.size());
        for (FlowProtos.Policy policy : source) {
            policies.add(new Policy(policy.getName(), emptyToNull(policy.getNamespace()), emptyToNull(policy.getKind())));
        }
        return policies;
    }

    private static Layer7 toLayer7(FlowProtos.Layer7 source) {
        Layer7 l7 = new Layer7();
        FlowProtos.L7FlowType type = source.getType();
        l7.setType(type == FlowProtos.L7FlowType.UNRECOGNIZED ? FlowProtos.L7FlowType.UNKNOWN_L7_TYPE.name() : type.name());
        l7.setLatencyNs(source.getLatencyNs());
        l7.setDns(source.hasDns() ? toDns(source.getDns()) : null);
        l7.setHttp(source.hasHttp() ? toHttp(source.getHttp()) : null);
        return l7;
    }

    private static Dns toDns(FlowProtos.DNS source) {
        Dns dns = new Dns();
        dns.setQuery(source.getQuery());
        dns.setIps(source.getIpsList());
        // proto3 cannot tell an absent TTL from 0; requests carry none, so 0 reads as absent
        dns.setTtl(source.getTtl() == 0 ? null : Integer.toUnsignedLong(source.getTtl()));
        dns.setCnames(source.getCnamesList());
        dns.setObservationSource(emptyToNull(source.getObservationSource()));
        dns.setRcode(source.getRcode());
        dns.setQtypes(source.getQtypesList());
        dns.setRrtypes(source.getRrtypesList());
        return dns;
    }

    private static Http toHttp(FlowProtos.HTTP source) {
        return new Http(source.getCode(), emptyToNull(source.getMethod()), emptyToNull(source.getUrl()),
                emptyToNull(source.getProtocol()));
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
