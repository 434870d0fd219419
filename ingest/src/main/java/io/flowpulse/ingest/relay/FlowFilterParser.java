package io.flowpulse.ingest.relay;

import io.flowpulse.hubble.flow.FlowProtos.EventTypeFilter;
import io.flowpulse.hubble.flow.FlowProtos.FlowFilter;
import io.flowpulse.hubble.flow.FlowProtos.TrafficDirection;
import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses flow filters from configuration text into Hubble {@link FlowFilter}s.
 *
 * <p>One filter is a space-separated list of {@code field=value[,value...]} terms; terms are
 * ANDed, the values of one term are ORed, like {@code hubble observe} builds them. Example:
 * {@code "source_pod=shop/ verdict=DROPPED,ERROR"}. Several filters (separated by ';') are
 * ORed by Hubble. Unknown fields are rejected with the list of supported ones.
 */
public final class FlowFilterParser {

    static final List<String> FIELDS = List.of("source_pod", "destination_pod", "source_ip", "destination_ip",
            "source_label", "destination_label", "source_service", "destination_service", "source_fqdn",
            "destination_fqdn", "verdict", "node_name", "protocol", "source_port", "destination_port",
            "traffic_direction", "dns_query", "http_status_code", "event_type", "drop_reason_desc");

    private FlowFilterParser() {
    }

    public static List<FlowFilter> parse(String text) {
        List<FlowFilter> filters = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return filters;
        }
        for (String one : text.split(";")) {
            if (!one.isBlank()) {
                filters.add(parseOne(one.trim()));
            }
        }
        return filters;
    }

    static FlowFilter parseOne(String text) {
        FlowFilter.Builder f = FlowFilter.newBuilder();
        for (String term : text.trim().split("\\s+")) {
            int eq = term.indexOf('=');
            if (eq <= 0 || eq == term.length() - 1) {
                throw new IllegalArgumentException("flow filter term '" + term + "' is not field=value");
            }
            String field = term.substring(0, eq).toLowerCase(Locale.ROOT);
            for (String value : term.substring(eq + 1).split(",")) {
                add(f, field, value.trim());
            }
        }
        return f.build();
    }

    private static void add(FlowFilter.Builder f, String field, String v) {
        switch (field) {
            case "source_pod" -> f.addSourcePod(v);
            case "destination_pod" -> f.addDestinationPod(v);
            case "source_ip" -> f.addSourceIp(v);
            case "destination_ip" -> f.addDestinationIp(v);
            case "source_label" -> f.addSourceLabel(v);
            case "destination_label" -> f.addDestinationLabel(v);
            case "source_service" -> f.addSourceService(v);
            case "destination_service" -> f.addDestinationService(v);
            case "source_fqdn" -> f.addSourceFqdn(v);
            case "destination_fqdn" -> f.addDestinationFqdn(v);
            case "verdict" -> f.addVerdict(enumValue(Verdict.class, v, field));
            case "node_name" -> f.addNodeName(v);
            case "protocol" -> f.addProtocol(v);
            case "source_port" -> f.addSourcePort(v);
            case "destination_port" -> f.addDestinationPort(v);
            case "traffic_direction" -> f.addTrafficDirection(enumValue(TrafficDirection.class, v, field));
            case "dns_query" -> f.addDnsQuery(v);
            case "http_status_code" -> f.addHttpStatusCode(v);
            case "event_type" -> f.addEventType(EventTypeFilter.newBuilder().setType(integer(v, field)));
            case "drop_reason_desc" -> f.addDropReasonDesc(enumValue(
                    io.flowpulse.hubble.flow.FlowProtos.DropReason.class, v, field));
            default -> throw new IllegalArgumentException("unknown flow filter field '" + field
                    + "'; supported: " + String.join(", ", FIELDS));
        }
    }

    private static int integer(String v, String field) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " needs a number, got '" + v + "'");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String v, String field) {
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + v + "' is not a valid " + field);
        }
    }
}
