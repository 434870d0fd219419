package io.flowpulse.simulator.server;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.flowpulse.hubble.flow.FlowProtos.Endpoint;
import io.flowpulse.hubble.flow.FlowProtos.EventTypeFilter;
import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.flow.FlowProtos.FlowFilter;
import io.flowpulse.hubble.flow.FlowProtos.Layer4;
import io.flowpulse.hubble.flow.FlowProtos.Service;
import io.flowpulse.hubble.flow.FlowProtos.Workload;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.cluster.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Hubble's flow filter semantics: an event passes when it matches any whitelist filter (or there
 * is none) and no blacklist filter. Within one filter the fields are ANDed and the values of one
 * field are ORed. Lost-events records are not flows and always pass. A filter that uses a field
 * the simulator does not implement is rejected rather than ignored.
 */
public final class FlowFilterMatcher {

    private static final Set<String> SUPPORTED = Set.of(
            "uuid", "source_ip", "destination_ip", "source_pod", "destination_pod", "source_label",
            "destination_label", "source_service", "destination_service", "source_workload",
            "destination_workload", "traffic_direction", "verdict", "drop_reason_desc", "event_type",
            "protocol", "source_port", "destination_port", "reply", "dns_query", "source_identity",
            "destination_identity", "http_method", "node_name", "ip_version");

    private FlowFilterMatcher() {
    }

    public static Predicate<GetFlowsResponse> compile(List<FlowFilter> whitelist, List<FlowFilter> blacklist) {
        List<Predicate<Flow>> allow = new ArrayList<>();
        for (FlowFilter f : whitelist) {
            allow.add(compile(f));
        }
        List<Predicate<Flow>> deny = new ArrayList<>();
        for (FlowFilter f : blacklist) {
            deny.add(compile(f));
        }
        if (allow.isEmpty() && deny.isEmpty()) {
            return response -> true;
        }
        return response -> {
            if (!response.hasFlow()) {
                return true;
            }
            Flow flow = response.getFlow();
            return (allow.isEmpty() || anyMatches(allow, flow)) && !anyMatches(deny, flow);
        };
    }

    private static boolean anyMatches(List<Predicate<Flow>> predicates, Flow flow) {
        for (Predicate<Flow> p : predicates) {
            if (p.test(flow)) {
                return true;
            }
        }
        return false;
    }

    /** One filter: all of its set fields must match. */
    public static Predicate<Flow> compile(FlowFilter filter) {
        Set<String> unsupported = new TreeSet<>();
        for (FieldDescriptor field : filter.getAllFields().keySet()) {
            if (!SUPPORTED.contains(field.getName())) {
                unsupported.add(field.getName());
            }
        }
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException("flow filter fields not supported by the simulator: " + unsupported);
        }
        List<Predicate<Flow>> parts = new ArrayList<>();
        anyOf(parts, filter.getUuidList(), v -> f -> f.getUuid().equals(v));
        anyOf(parts, filter.getSourceIpList(), v -> ipMatcher(v, f -> f.getIP().getSource()));
        anyOf(parts, filter.getDestinationIpList(), v -> ipMatcher(v, f -> f.getIP().getDestination()));
        anyOf(parts, filter.getSourcePodList(), v -> podMatcher(v, Flow::getSource));
        anyOf(parts, filter.getDestinationPodList(), v -> podMatcher(v, Flow::getDestination));
        anyOf(parts, filter.getSourceLabelList(), v -> labelMatcher(v, Flow::getSource));
        anyOf(parts, filter.getDestinationLabelList(), v -> labelMatcher(v, Flow::getDestination));
        anyOf(parts, filter.getSourceServiceList(), v -> serviceMatcher(v, Flow::getSourceService));
        anyOf(parts, filter.getDestinationServiceList(), v -> serviceMatcher(v, Flow::getDestinationService));
        anyOf(parts, filter.getSourceWorkloadList(), v -> workloadMatcher(v, Flow::getSource));
        anyOf(parts, filter.getDestinationWorkloadList(), v -> workloadMatcher(v, Flow::getDestination));
        anyOf(parts, filter.getTrafficDirectionList(), v -> f -> f.getTrafficDirection() == v);
        anyOf(parts, filter.getVerdictList(), v -> f -> f.getVerdict() == v);
        anyOf(parts, filter.getDropReasonDescList(), v -> f -> f.getDropReasonDesc() == v);
        anyOf(parts, filter.getEventTypeList(), FlowFilterMatcher::eventTypeMatcher);
        anyOf(parts, filter.getProtocolList(), FlowFilterMatcher::protocolMatcher);
        anyOf(parts, filter.getSourcePortList(), v -> portMatcher(v, true));
        anyOf(parts, filter.getDestinationPortList(), v -> portMatcher(v, false));
        anyOf(parts, filter.getReplyList(), v -> f -> (f.hasIsReply() ? f.getIsReply().getValue() : f.getReply()) == v);
        anyOf(parts, filter.getDnsQueryList(), v -> {
            Pattern p = regex("dns_query", v);
            return f -> f.hasL7() && f.getL7().hasDns() && p.matcher(f.getL7().getDns().getQuery()).find();
        });
        anyOf(parts, filter.getSourceIdentityList(), v -> f -> f.getSource().getIdentity() == v);
        anyOf(parts, filter.getDestinationIdentityList(), v -> f -> f.getDestination().getIdentity() == v);
        anyOf(parts, filter.getHttpMethodList(), v -> f -> f.hasL7() && f.getL7().hasHttp()
                && f.getL7().getHttp().getMethod().equalsIgnoreCase(v));
        anyOf(parts, filter.getNodeNameList(), FlowFilterMatcher::nodeMatcher);
        anyOf(parts, filter.getIpVersionList(), v -> f -> f.getIP().getIpVersion() == v);
        return flow -> {
            for (Predicate<Flow> p : parts) {
                if (!p.test(flow)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static <V> void anyOf(List<Predicate<Flow>> parts, List<V> values, Function<V, Predicate<Flow>> matcher) {
        if (values.isEmpty()) {
            return;
        }
        List<Predicate<Flow>> alternatives = new ArrayList<>();
        for (V v : values) {
            alternatives.add(matcher.apply(v));
        }
        parts.add(flow -> {
            for (Predicate<Flow> p : alternatives) {
                if (p.test(flow)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** {@code namespace/pod-prefix}; {@code namespace/} matches the whole namespace; without a slash, a pod prefix in any namespace. */
    private static Predicate<Flow> podMatcher(String value, Function<Flow, Endpoint> side) {
        int slash = value.indexOf('/');
        String namespace = slash < 0 ? null : value.substring(0, slash);
        String prefix = slash < 0 ? value : value.substring(slash + 1);
        return f -> {
            Endpoint e = side.apply(f);
            if (e.getPodName().isEmpty()) {
                return false;
            }
            return (namespace == null || e.getNamespace().equals(namespace)) && e.getPodName().startsWith(prefix);
        };
    }

    /** A label such as {@code k8s:app=web} or {@code app=web} (the k8s: source is then implied), or {@code reserved:world}. */
    private static Predicate<Flow> labelMatcher(String value, Function<Flow, Endpoint> side) {
        String alternative = value.contains(":") ? value : "k8s:" + value;
        return f -> {
            List<String> labels = side.apply(f).getLabelsList();
            return labels.contains(value) || labels.contains(alternative);
        };
    }

    /** {@code namespace/name}, or {@code namespace/} for any service of the namespace. */
    private static Predicate<Flow> serviceMatcher(String value, Function<Flow, Service> side) {
        int slash = value.indexOf('/');
        String namespace = slash < 0 ? null : value.substring(0, slash);
        String name = slash < 0 ? value : value.substring(slash + 1);
        return f -> {
            Service s = side.apply(f);
            if (s.getName().isEmpty()) {
                return false;
            }
            return (namespace == null || s.getNamespace().equals(namespace)) && (name.isEmpty() || s.getName().equals(name));
        };
    }

    private static Predicate<Flow> workloadMatcher(Workload value, Function<Flow, Endpoint> side) {
        return f -> {
            for (Workload w : side.apply(f).getWorkloadsList()) {
                if ((value.getName().isEmpty() || w.getName().equals(value.getName()))
                        && (value.getKind().isEmpty() || w.getKind().equals(value.getKind()))) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Predicate<Flow> ipMatcher(String value, Function<Flow, String> side) {
        if (value.contains("/")) {
            Ipv4.Cidr cidr;
            try {
                cidr = Ipv4.Cidr.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid IP filter '" + value + "': " + e.getMessage(), e);
            }
            return f -> {
                String ip = side.apply(f);
                if (ip.isEmpty() || ip.indexOf(':') >= 0) {
                    return false;
                }
                return cidr.contains(Ipv4.parse(ip));
            };
        }
        return f -> side.apply(f).equals(value);
    }

    private static Predicate<Flow> eventTypeMatcher(EventTypeFilter value) {
        return f -> f.getEventType().getType() == value.getType()
                && (!value.getMatchSubType() || f.getEventType().getSubType() == value.getSubType());
    }

    private static Predicate<Flow> protocolMatcher(String value) {
        String p = value.toLowerCase(Locale.ROOT);
        return switch (p) {
            case "tcp" -> f -> f.getL4().getProtocolCase() == Layer4.ProtocolCase.TCP;
            case "udp" -> f -> f.getL4().getProtocolCase() == Layer4.ProtocolCase.UDP;
            case "icmp" -> f -> f.getL4().hasICMPv4() || f.getL4().hasICMPv6();
            case "icmpv4" -> f -> f.getL4().hasICMPv4();
            case "icmpv6" -> f -> f.getL4().hasICMPv6();
            case "sctp" -> f -> f.getL4().hasSCTP();
            case "http" -> f -> f.hasL7() && f.getL7().hasHttp();
            case "dns" -> f -> f.hasL7() && f.getL7().hasDns();
            case "kafka" -> f -> f.hasL7() && f.getL7().hasKafka();
            default -> throw new IllegalArgumentException("unknown protocol in filter: '" + value + "'");
        };
    }

    private static Predicate<Flow> portMatcher(String value, boolean source) {
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port in filter: '" + value + "'");
        }
        return f -> {
            Layer4 l4 = f.getL4();
            int actual = switch (l4.getProtocolCase()) {
                case TCP -> source ? l4.getTCP().getSourcePort() : l4.getTCP().getDestinationPort();
                case UDP -> source ? l4.getUDP().getSourcePort() : l4.getUDP().getDestinationPort();
                case SCTP -> source ? l4.getSCTP().getSourcePort() : l4.getSCTP().getDestinationPort();
                default -> -1;
            };
            return actual == port;
        };
    }

    /** A node name, or a glob with {@code *}; a pattern without a cluster part matches the node name after any {@code cluster/}. */
    private static Predicate<Flow> nodeMatcher(String value) {
        Pattern p = Pattern.compile(Pattern.quote(value).replace("*", "\\E[^/]*\\Q"));
        boolean withCluster = value.contains("/");
        return f -> {
            String node = f.getNodeName();
            if (!withCluster) {
                node = node.substring(node.indexOf('/') + 1);
            }
            return p.matcher(node).matches();
        };
    }

    private static Pattern regex(String field, String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid " + field + " regular expression '" + value + "': " + e.getDescription(), e);
        }
    }
}
