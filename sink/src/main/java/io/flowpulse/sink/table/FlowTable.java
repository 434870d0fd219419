package io.flowpulse.sink.table;

import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Layer7;
import io.flowpulse.schemas.avro.Service;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import java.util.List;

/**
 * Raw {@code hubble.flows.v1} Flow records -> {@code flows}, a flattened subset for
 * analysts. Identity (node, time, flow_id): flow_id is Hubble's uuid, or for agents that do
 * not send one a fingerprint of the flow's identifying fields ({@link FlowIds}).
 */
public final class FlowTable extends BaseTableMapping<Flow> {

    public static final String TABLE = "flows";

    private static final List<String> COLUMNS = List.of("time", "time_us", "flow_id", "node", "node_name", "cluster",
            "verdict", "drop_reason", "drop_reason_desc", "flow_type", "traffic_direction", "is_reply",
            "trace_observation_point", "ip_version", "source_ip", "destination_ip", "protocol", "source_port",
            "destination_port", "tcp_flags",
            "source_identity", "source_namespace", "source_pod_name", "source_workload", "source_labels",
            "destination_identity", "destination_namespace", "destination_pod_name", "destination_workload",
            "destination_labels", "source_names", "destination_names",
            "destination_service_name", "destination_service_namespace",
            "l7_type", "l7_latency_ns", "dns_query", "dns_rcode", "dns_qtypes", "dns_ips",
            "http_code", "http_method", "http_url", "summary", VERSION_COLUMN);

    public FlowTable() {
        super(TABLE, Flow.class, "time", COLUMNS);
    }

    @Override
    public void writeRow(Flow f, long version, RowBinaryWriter out) {
        Columns.dateTime("time", f.getTime(), out);
        out.uint64(EpochMicros.of(f.getTime()));
        out.string(FlowIds.flowId(f));
        out.string(f.getNode()).string(f.getNodeName()).string(f.getCluster() == null ? "" : f.getCluster());
        out.string(f.getVerdict());
        out.nullableInt32(f.getDropReason()).nullableString(f.getDropReasonDesc());
        out.string(f.getFlowType());
        out.nullableString(f.getTrafficDirection()).nullableBool(f.getIsReply());
        out.nullableString(f.getTraceObservationPoint()).nullableString(f.getIpVersion());
        out.nullableString(f.getSourceIp()).nullableString(f.getDestinationIp()).nullableString(f.getProtocol());
        out.nullableInt32(f.getSourcePort()).nullableInt32(f.getDestinationPort());
        out.stringArray(f.getTcpFlags());
        endpoint("source", f.getSource(), out);
        endpoint("destination", f.getDestination(), out);
        out.stringArray(f.getSourceNames()).stringArray(f.getDestinationNames());
        Service svc = f.getDestinationService();
        out.nullableString(svc == null ? null : svc.getName()).nullableString(svc == null ? null : svc.getNamespace());
        Layer7 l7 = f.getL7();
        if (l7 == null) {
            out.nullValue().uint64(0).nullValue().nullValue().arrayLength(0).arrayLength(0)
                    .nullValue().nullValue().nullValue();
        } else {
            out.nullableString(l7.getType());
            Columns.count("l7.latency_ns", l7.getLatencyNs(), out);
            if (l7.getDns() == null) {
                out.nullValue().nullValue().arrayLength(0).arrayLength(0);
            } else {
                out.nullableString(l7.getDns().getQuery()).nullableInt32(l7.getDns().getRcode());
                out.stringArray(l7.getDns().getQtypes()).stringArray(l7.getDns().getIps());
            }
            if (l7.getHttp() == null) {
                out.nullValue().nullValue().nullValue();
            } else {
                out.nullableInt32(l7.getHttp().getCode()).nullableString(l7.getHttp().getMethod())
                        .nullableString(l7.getHttp().getUrl());
            }
        }
        out.nullableString(f.getSummary());
        out.uint64(version);
    }

    private static void endpoint(String side, Endpoint e, RowBinaryWriter out) {
        if (e == null) {
            throw new InvalidRowException(side + " endpoint is missing");
        }
        Columns.count(side + ".identity", e.getIdentity(), out);
        out.nullableString(e.getNamespace()).nullableString(e.getPodName());
        out.nullableString(e.getWorkloads().isEmpty() ? null : e.getWorkloads().get(0).getName());
        out.stringArray(e.getLabels());
    }
}
