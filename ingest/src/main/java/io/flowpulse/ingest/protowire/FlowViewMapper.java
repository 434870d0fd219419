package io.flowpulse.ingest.protowire;

import io.flowpulse.ingest.mapping.EventTimeBounds;
import io.flowpulse.ingest.mapping.NodeName;
import io.flowpulse.schemas.avro.Dns;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Http;
import io.flowpulse.schemas.avro.Layer7;
import io.flowpulse.schemas.avro.Policy;
import io.flowpulse.schemas.avro.Service;
import io.flowpulse.schemas.avro.Workload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes the Avro {@link Flow} that {@code FlowMapper} makes of a serialized GetFlowsResponse or
 * ExportEvent (the same field numbers for flow, node name and time), straight from its bytes through
 * a {@link FlowResponseView}, without building the protobuf objects. Events the view does not read
 * (anything but a flow, unusual encodings) and times outside the bounds are left to the reference path,
 * FlowMapper, which also words any refusal. The field rules are {@link FlowFields}', as
 * {@link AvroFlowEncoder}'s are.
 *
 * <p>Reuses its views; not thread-safe.
 */
public final class FlowViewMapper {

    private final EventTimeBounds timeBounds;
    private final FlowResponseView event = new FlowResponseView();
    private final Views.Pair workload = new Views.Pair(true, true);
    private final Views.Texts policy = Views.policy();
    private final ProtobufCursor nested = new ProtobufCursor();
    private final RecentStrings recent = new RecentStrings();
    private byte[] b;

    public FlowViewMapper(EventTimeBounds timeBounds) {
        this.timeBounds = timeBounds;
    }

    /** The flow, or null when the event must take the reference path. */
    public Flow map(byte[] protobuf) {
        if (!event.read(protobuf) || !timeBounds.accepts(event.eventSeconds())) {
            return null;
        }
        b = protobuf;
        try {
            return toFlow(event.flow);
        } catch (LeftToReferencePath | ArithmeticException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private Flow toFlow(FlowView f) throws LeftToReferencePath {
        Flow flow = new Flow();
        flow.setTime(event.eventTime());
        flow.setUuid(f.uuid.isEmpty() ? null : unique(f.uuid));
        String nodeName = string(event.nodeNameText());
        flow.setNodeName(nodeName);
        flow.setNode(NodeName.node(nodeName));
        flow.setCluster(NodeName.cluster(nodeName));
        flow.setNodeLabels(strings(f.nodeLabels));
        flow.setVerdict(FlowFields.VERDICTS.name(f.verdict).text);
        flow.setDropReason(optionalInt(FlowFields.isSet(f.dropReason), f.dropReason));
        flow.setDropReasonDesc(text(FlowFields.DROP_REASONS.name(f.dropReasonDesc)));
        flow.setFlowType(FlowFields.FLOW_TYPES.name(f.type).text);
        flow.setEventType(optionalInt(f.eventType.present, f.eventType.firstNumber));
        flow.setEventSubType(optionalInt(f.eventType.present, f.eventType.secondNumber));
        flow.setTrafficDirection(text(FlowFields.DIRECTIONS.name(f.trafficDirection)));
        flow.setIsReply(FlowFields.isReply(f));
        flow.setTraceObservationPoint(text(FlowFields.OBSERVATION_POINTS.name(f.traceObservationPoint)));
        flow.setTraceReason(text(FlowFields.TRACE_REASONS.name(f.traceReason)));
        setIp(flow, f.ip);
        setLayer4(flow, f.l4);
        flow.setSource(endpoint(f.source));
        flow.setDestination(endpoint(f.destination));
        flow.setSourceNames(strings(f.sourceNames));
        flow.setDestinationNames(strings(f.destinationNames));
        flow.setSourceService(service(f.sourceService));
        flow.setDestinationService(service(f.destinationService));
        Views.Pair networkInterface = f.networkInterface;
        flow.setInterfaceName(networkInterface.present ? optionalString(networkInterface.secondText) : null);
        flow.setInterfaceIndex(optionalInt(networkInterface.present, networkInterface.firstNumber));
        flow.setProxyPort(optionalInt(FlowFields.isSet(f.proxyPort), f.proxyPort));
        flow.setPolicyMatchType(optionalInt(FlowFields.isSet(f.policyMatchType), f.policyMatchType));
        flow.setAuthType(text(FlowFields.AUTH_TYPES.name(f.authType)));
        flow.setEgressAllowedBy(policies(f.policies[FlowView.EGRESS_ALLOWED]));
        flow.setIngressAllowedBy(policies(f.policies[FlowView.INGRESS_ALLOWED]));
        flow.setEgressDeniedBy(policies(f.policies[FlowView.EGRESS_DENIED]));
        flow.setIngressDeniedBy(policies(f.policies[FlowView.INGRESS_DENIED]));
        Text traceId = f.traceContext.parent.traceId;
        flow.setTraceId(f.traceContext.present && !traceId.isEmpty() ? unique(traceId) : null);
        flow.setL7(f.l7.present ? layer7(f.l7) : null);
        flow.setSummary(optionalString(f.summary));
        return flow;
    }

    private void setIp(Flow flow, Views.Ip ip) {
        flow.setIpVersion(ip.present ? text(FlowFields.IP_VERSIONS.name(ip.version)) : null);
        flow.setSourceIp(ip.present ? optionalString(ip.source) : null);
        flow.setSourceIpXlated(ip.present ? optionalString(ip.sourceXlated) : null);
        flow.setDestinationIp(ip.present ? optionalString(ip.destination) : null);
        flow.setEncrypted(ip.present && ip.encrypted);
    }

    private static void setLayer4(Flow flow, Views.Layer4 l4) {
        flow.setProtocol(text(FlowFields.protocol(l4)));
        boolean ports = FlowFields.hasPorts(l4);
        flow.setSourcePort(optionalInt(ports, l4.first));
        flow.setDestinationPort(optionalInt(ports, l4.second));
        int flags = FlowFields.tcpFlags(l4);
        List<String> names = flags == 0 ? List.of() : new ArrayList<>(Integer.bitCount(flags));
        for (int i = 0; flags != 0 && i < FlowFields.TCP_FLAGS.length; i++) {
            if ((flags & (1 << i)) != 0) {
                names.add(FlowFields.TCP_FLAGS[i].text);
            }
        }
        flow.setTcpFlags(names);
        boolean icmp = FlowFields.isIcmp(l4);
        flow.setIcmpType(optionalInt(icmp, l4.first));
        flow.setIcmpCode(optionalInt(icmp, l4.second));
    }

    private Endpoint endpoint(EndpointView e) throws LeftToReferencePath {
        Endpoint endpoint = new Endpoint();
        endpoint.setId((int) e.id);
        endpoint.setIdentity(FlowFields.unsigned32(e.identity));
        endpoint.setClusterName(optionalString(e.clusterName));
        endpoint.setNamespace(optionalString(e.namespace));
        endpoint.setPodName(optionalString(e.podName));
        endpoint.setLabels(strings(e.labels));
        Spans workloads = e.workloads;
        if (workloads.size() == 0) {
            endpoint.setWorkloads(List.of());
            return endpoint;
        }
        List<Workload> list = new ArrayList<>(workloads.size());
        for (int i = 0; i < workloads.size(); i++) {
            workload.readSpan(nested, b, workloads.offset(i), workloads.length(i));
            list.add(new Workload(string(workload.first), optionalString(workload.secondText)));
        }
        endpoint.setWorkloads(list);
        return endpoint;
    }

    private Service service(Views.Pair service) {
        return service.present ? new Service(string(service.first), optionalString(service.secondText)) : null;
    }

    private List<Policy> policies(Spans spans) throws LeftToReferencePath {
        if (spans.size() == 0) {
            return List.of();
        }
        List<Policy> list = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            policy.readSpan(nested, b, spans.offset(i), spans.length(i));
            list.add(new Policy(string(policy.get(0)), optionalString(policy.get(1)), optionalString(policy.get(2))));
        }
        return list;
    }

    private Layer7 layer7(Layer7View source) {
        Layer7 l7 = new Layer7();
        l7.setType(FlowFields.L7_TYPES.name(source.type).text);
        l7.setLatencyNs(source.latencyNs);
        l7.setDns(FlowFields.isDns(source) ? dns(source.dns) : null);
        l7.setHttp(FlowFields.isHttp(source) ? http(source.http) : null);
        return l7;
    }

    private Dns dns(Layer7View.Dns source) {
        Dns dns = new Dns();
        dns.setQuery(string(source.query));
        dns.setIps(strings(source.ips));
        dns.setTtl(FlowFields.hasTtl(source) ? FlowFields.unsigned32(source.ttl) : null);
        dns.setCnames(strings(source.cnames));
        dns.setObservationSource(optionalString(source.observationSource));
        dns.setRcode((int) source.rcode);
        dns.setQtypes(strings(source.qtypes));
        dns.setRrtypes(strings(source.rrtypes));
        return dns;
    }

    private Http http(Layer7View.Http source) {
        return new Http((int) source.code, optionalString(source.method), optionalString(source.url),
                optionalString(source.protocol));
    }

    private List<String> strings(Spans spans) {
        if (spans.size() == 0) {
            return List.of();
        }
        String[] values = new String[spans.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = recent.of(b, spans.offset(i), spans.length(i));
        }
        return Arrays.asList(values);
    }

    private String string(Text text) {
        return recent.of(b, text.offset, text.length);
    }

    /** A string no other flow has (uuid, trace id): not worth remembering. */
    private String unique(Text text) {
        return new String(b, text.offset, text.length, StandardCharsets.UTF_8);
    }

    private String optionalString(Text text) {
        return text.isEmpty() ? null : string(text);
    }

    private static String text(Name name) {
        return name == null ? null : name.text;
    }

    private static Integer optionalInt(boolean present, long value) {
        return present ? (int) value : null;
    }
}
