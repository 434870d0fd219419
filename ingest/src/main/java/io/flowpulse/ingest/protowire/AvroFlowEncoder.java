package io.flowpulse.ingest.protowire;

import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.schemas.serde.WireFormat;

/**
 * Writes a {@link FlowResponseView} straight into the Confluent wire format of the flows topic's value
 * schema (union ["Flow", "LostEvents"], branch Flow), copying strings byte for byte from the
 * protobuf buffer. The result is the same bytes that {@code FlowMapper} followed by
 * {@code FlowEventSerde} produce for the parsed response (checked by tests over simulated and
 * recorded events); the fields are written in Flow.avsc order by FlowMapper's rules, as {@link FlowFields} states them.
 *
 * <p>Reuses its buffer; not thread-safe.
 */
public final class AvroFlowEncoder {

    private final AvroBuffer out = new AvroBuffer();
    private final Views.Pair workload = new Views.Pair(true, true);
    private final Views.Texts policy = Views.policy();
    private final ProtobufCursor nested = new ProtobufCursor();
    private final byte[] header = new byte[WireFormat.HEADER_LENGTH];

    /**
     * The record's wire-format bytes, or null when the event must take the reference path
     * (a nested message this encoder does not read exactly as protobuf would).
     */
    public byte[] encode(FlowResponseView event, int schemaId) {
        out.reset(maxEncodedLength(event.bytes().length));
        WireFormat.writeHeader(header, schemaId);
        for (byte b : header) {
            out.writeRaw(b);
        }
        out.writeInt(0); // union branch: Flow
        try {
            writeFlow(event, event.bytes());
        } catch (LeftToReferencePath | ArithmeticException | IndexOutOfBoundsException e) {
            return null;
        }
        return out.toByteArray();
    }

    /**
     * More than a record made from {@code protobufLength} bytes can take: every byte of text is
     * copied at most twice (the node name is also split into node and cluster), and the fixed part
     * (union branches, numbers, enum names, array ends) stays well below 4 KiB.
     */
    static int maxEncodedLength(int protobufLength) {
        return 2 * protobufLength + 4096;
    }

    private void writeFlow(FlowResponseView event, byte[] b) throws LeftToReferencePath {
        FlowView f = event.flow;
        out.writeLong(EpochMicros.of(event.eventSeconds(), event.eventNanos()));
        optionalText(b, f.uuid);
        Text nodeName = event.nodeNameText();
        out.writeString(b, nodeName.offset, nodeName.length);
        int slash = indexOf(b, nodeName, (byte) '/');
        out.writeString(b, nodeName.offset + slash + 1, nodeName.length - slash - 1);
        if (slash > 0) {
            out.writePresent();
            out.writeString(b, nodeName.offset, slash);
        } else {
            out.writeNull();
        }
        strings(b, f.nodeLabels);

        out.writeString(FlowFields.VERDICTS.name(f.verdict).utf8);
        optionalInt(FlowFields.isSet(f.dropReason), (int) f.dropReason);
        optionalName(FlowFields.DROP_REASONS.name(f.dropReasonDesc));
        out.writeString(FlowFields.FLOW_TYPES.name(f.type).utf8);
        optionalInt(f.eventType.present, (int) f.eventType.firstNumber);
        optionalInt(f.eventType.present, (int) f.eventType.secondNumber);
        optionalName(FlowFields.DIRECTIONS.name(f.trafficDirection));
        Boolean isReply = FlowFields.isReply(f);
        if (isReply == null) {
            out.writeNull();
        } else {
            out.writePresent();
            out.writeBoolean(isReply);
        }
        optionalName(FlowFields.OBSERVATION_POINTS.name(f.traceObservationPoint));
        optionalName(FlowFields.TRACE_REASONS.name(f.traceReason));

        writeIp(b, f.ip);
        writeLayer4(f.l4);
        writeEndpoint(b, f.source);
        writeEndpoint(b, f.destination);
        strings(b, f.sourceNames);
        strings(b, f.destinationNames);
        writeService(b, f.sourceService);
        writeService(b, f.destinationService);
        if (f.networkInterface.present) {
            optionalText(b, f.networkInterface.secondText);
            optionalInt(true, (int) f.networkInterface.firstNumber);
        } else {
            out.writeNull();
            out.writeNull();
        }
        optionalInt(FlowFields.isSet(f.proxyPort), (int) f.proxyPort);
        optionalInt(FlowFields.isSet(f.policyMatchType), (int) f.policyMatchType);
        optionalName(FlowFields.AUTH_TYPES.name(f.authType));
        for (Spans policies : f.policies) {
            writePolicies(b, policies);
        }
        if (f.traceContext.present) {
            optionalText(b, f.traceContext.parent.traceId);
        } else {
            out.writeNull();
        }
        writeLayer7(b, f.l7);
        optionalText(b, f.summary);
    }

    private void writeIp(byte[] b, Views.Ip ip) {
        if (!ip.present) {
            out.writeNull();
            out.writeNull();
            out.writeNull();
            out.writeNull();
            out.writeBoolean(false);
            return;
        }
        optionalName(FlowFields.IP_VERSIONS.name(ip.version));
        optionalText(b, ip.source);
        optionalText(b, ip.sourceXlated);
        optionalText(b, ip.destination);
        out.writeBoolean(ip.encrypted);
    }

    private void writeLayer4(Views.Layer4 l4) {
        optionalName(FlowFields.protocol(l4));
        boolean ports = FlowFields.hasPorts(l4);
        optionalInt(ports, (int) l4.first);
        optionalInt(ports, (int) l4.second);
        int flags = FlowFields.tcpFlags(l4);
        if (flags != 0) {
            out.writeLong(Integer.bitCount(flags));
            for (int i = 0; i < FlowFields.TCP_FLAGS.length; i++) {
                if ((flags & (1 << i)) != 0) {
                    out.writeString(FlowFields.TCP_FLAGS[i].utf8);
                }
            }
        }
        out.writeLong(0);
        boolean icmp = FlowFields.isIcmp(l4);
        optionalInt(icmp, (int) l4.first);
        optionalInt(icmp, (int) l4.second);
    }

    private void writeEndpoint(byte[] b, EndpointView e) throws LeftToReferencePath {
        out.writeInt((int) e.id);
        out.writeLong(FlowFields.unsigned32(e.identity));
        optionalText(b, e.clusterName);
        optionalText(b, e.namespace);
        optionalText(b, e.podName);
        strings(b, e.labels);
        Spans workloads = e.workloads;
        if (workloads.size() > 0) {
            out.writeLong(workloads.size());
            for (int i = 0; i < workloads.size(); i++) {
                workload.readSpan(nested, b, workloads.offset(i), workloads.length(i));
                out.writeString(b, workload.first.offset, workload.first.length);
                optionalText(b, workload.secondText);
            }
        }
        out.writeLong(0);
    }

    private void writeService(byte[] b, Views.Pair service) {
        if (!service.present) {
            out.writeNull();
            return;
        }
        out.writePresent();
        out.writeString(b, service.first.offset, service.first.length);
        optionalText(b, service.secondText);
    }

    private void writePolicies(byte[] b, Spans policies) throws LeftToReferencePath {
        if (policies.size() > 0) {
            out.writeLong(policies.size());
            for (int i = 0; i < policies.size(); i++) {
                policy.readSpan(nested, b, policies.offset(i), policies.length(i));
                out.writeString(b, policy.get(0).offset, policy.get(0).length);
                optionalText(b, policy.get(1));
                optionalText(b, policy.get(2));
            }
        }
        out.writeLong(0);
    }

    private void writeLayer7(byte[] b, Layer7View l7) {
        if (!l7.present) {
            out.writeNull();
            return;
        }
        out.writePresent();
        out.writeString(FlowFields.L7_TYPES.name(l7.type).utf8);
        out.writeLong(l7.latencyNs);
        if (FlowFields.isDns(l7)) {
            Layer7View.Dns dns = l7.dns;
            out.writePresent();
            out.writeString(b, dns.query.offset, dns.query.length);
            strings(b, dns.ips);
            if (FlowFields.hasTtl(dns)) {
                out.writePresent();
                out.writeLong(FlowFields.unsigned32(dns.ttl));
            } else {
                out.writeNull();
            }
            strings(b, dns.cnames);
            optionalText(b, dns.observationSource);
            out.writeInt((int) dns.rcode);
            strings(b, dns.qtypes);
            strings(b, dns.rrtypes);
        } else {
            out.writeNull();
        }
        if (FlowFields.isHttp(l7)) {
            Layer7View.Http http = l7.http;
            out.writePresent();
            out.writeInt((int) http.code);
            optionalText(b, http.method);
            optionalText(b, http.url);
            optionalText(b, http.protocol);
        } else {
            out.writeNull();
        }
    }

    private void strings(byte[] b, Spans spans) {
        if (spans.size() > 0) {
            out.writeLong(spans.size());
            for (int i = 0; i < spans.size(); i++) {
                out.writeString(b, spans.offset(i), spans.length(i));
            }
        }
        out.writeLong(0);
    }

    private void optionalText(byte[] b, Text text) {
        if (text.isEmpty()) {
            out.writeNull();
        } else {
            out.writePresent();
            out.writeString(b, text.offset, text.length);
        }
    }

    private void optionalName(Name name) {
        if (name == null) {
            out.writeNull();
        } else {
            out.writePresent();
            out.writeString(name.utf8);
        }
    }

    private void optionalInt(boolean present, int value) {
        if (present) {
            out.writePresent();
            out.writeInt(value);
        } else {
            out.writeNull();
        }
    }

    private static int indexOf(byte[] b, Text text, byte wanted) {
        for (int i = 0; i < text.length; i++) {
            if (b[text.offset + i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
