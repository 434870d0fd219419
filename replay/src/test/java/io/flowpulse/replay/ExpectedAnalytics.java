package io.flowpulse.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the analytics spec says a replay of some Hubble JSON lines must report, worked out here from
 * the raw lines with Jackson alone, without any production code: input counts, link events per
 * workload pair and window, DNS per client and window, L7 latency samples per kind and window.
 */
final class ExpectedAnalytics {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WINDOW_SECONDS = 60;
    private static final Pattern DEPLOYMENT_POD = Pattern.compile("-[a-z0-9]{6,10}-[a-z0-9]{5}$");
    private static final Pattern PLAIN_POD = Pattern.compile("-[a-z0-9]{5}$");
    private static final List<String> NAME_LABELS = List.of("k8s:app.kubernetes.io/name=", "k8s:app=", "k8s:k8s-app=");
    private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};

    /** Node inventory of the topology file, or none: node -> subnet, address -> node, pod CIDR -> node. */
    private final Map<String, String> subnetOfNode = new TreeMap<>();
    private final Map<String, String> nodeOfAddress = new TreeMap<>();
    private final Map<String, String> nodeOfPodCidr = new TreeMap<>();

    long events;
    long flows;
    long lostEvents;
    long invalid;
    Instant first;
    Instant last;
    /** "src|dst|window_start" of the workload level -> "forwarded/dropped/other". */
    final Map<String, long[]> workloadLinks = new TreeMap<>();
    /** "src|dst|window_start" of the node level -> "forwarded/dropped/other". */
    final Map<String, long[]> nodeLinks = new TreeMap<>();
    /** "src|dst|window_start" of the subnet level -> "forwarded/dropped/other". */
    final Map<String, long[]> subnetLinks = new TreeMap<>();
    /** window_start -> link events (every level counts each L3/L4 event once). */
    final Map<String, Long> linkEventsPerWindow = new TreeMap<>();
    /** "client|window_start" -> DNS figures. */
    final Map<String, Dns> dns = new TreeMap<>();
    /** "kind|window_start" -> number of samples. */
    final Map<String, Long> l7Samples = new TreeMap<>();
    /** "kind|window_start" -> largest sample in ns. */
    final Map<String, Long> l7MaxNanos = new TreeMap<>();

    static final class Dns {
        long queries;
        long responses;
        final Map<String, Long> rcodes = new TreeMap<>();
        final Set<String> names = new HashSet<>();
    }

    /** A node of the topology file (IPv4 addresses and pod CIDRs only, which is all the captures hold). */
    ExpectedAnalytics node(String name, String subnet, String address, String podCidr) {
        subnetOfNode.put(name, subnet);
        nodeOfAddress.put(address, name);
        nodeOfPodCidr.put(podCidr, name);
        return this;
    }

    void addFile(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (IOException notJson) {
                invalid++;
                continue;
            }
            if (event == null || !event.isObject() || !(event.has("flow") || event.has("lost_events"))) {
                invalid++;
                continue;
            }
            events++;
            JsonNode flow = event.get("flow");
            Instant time = Instant.parse(flow != null && flow.has("time") ? flow.get("time").asText()
                    : event.get("time").asText());
            // Avro timestamps carry microseconds
            time = time.minusNanos(time.getNano() % 1000);
            first = first == null || time.isBefore(first) ? time : first;
            last = last == null || time.isAfter(last) ? time : last;
            if (flow == null) {
                lostEvents++;
                continue;
            }
            flows++;
            addFlow(flow, windowStart(time));
        }
    }

    private void addFlow(JsonNode flow, String window) {
        String type = flow.path("Type").asText("L3_L4");
        String src = workload(flow.path("source"));
        String dst = workload(flow.path("destination"));
        if (type.equals("L3_L4")) {
            String verdict = flow.path("verdict").asText();
            int slot = verdict.equals("FORWARDED") || verdict.equals("REDIRECTED") ? 0 : verdict.equals("DROPPED") ? 1 : 2;
            workloadLinks.computeIfAbsent(src + "|" + dst + "|" + window, k -> new long[3])[slot]++;
            String observer = flow.path("node_name").asText();
            observer = observer.substring(observer.indexOf('/') + 1);
            String srcNode = node(flow.path("source"), flow.path("IP").path("source").asText(""), observer);
            String dstNode = node(flow.path("destination"), flow.path("IP").path("destination").asText(""), observer);
            nodeLinks.computeIfAbsent(srcNode + "|" + dstNode + "|" + window, k -> new long[3])[slot]++;
            subnetLinks.computeIfAbsent(subnet(srcNode) + "|" + subnet(dstNode) + "|" + window,
                    k -> new long[3])[slot]++;
            linkEventsPerWindow.merge(window, 1L, Long::sum);
        }
        JsonNode l7 = flow.path("l7");
        if (!type.equals("L7") || l7.isMissingNode()) {
            return;
        }
        String l7Type = l7.path("type").asText();
        if (l7.has("dns")) {
            JsonNode record = l7.get("dns");
            boolean request = l7Type.equals("REQUEST");
            Dns figures = dns.computeIfAbsent((request ? src : dst) + "|" + window, k -> new Dns());
            figures.names.add(record.path("query").asText());
            if (request) {
                figures.queries++;
            } else if (l7Type.equals("RESPONSE")) {
                figures.responses++;
                int rcode = record.path("rcode").asInt(0);
                figures.rcodes.merge(rcode < RCODES.length ? RCODES[rcode] : "RCODE_" + rcode, 1L, Long::sum);
            }
        }
        long latency = l7.path("latency_ns").asLong(0);
        if (l7Type.equals("RESPONSE") && latency > 0) {
            String kind = l7.has("dns") ? "dns" : l7.has("http") ? "http" : null;
            if (kind != null) {
                l7Samples.merge(kind + "|" + window, 1L, Long::sum);
                l7MaxNanos.merge(kind + "|" + window, latency, Math::max);
            }
        }
    }

    /**
     * DNS_NXDOMAIN_RATIO changes (analytics spec section 6, default thresholds) as
     * "subject|state|window_start|value", for clients whose alerts end within their own records:
     * fires at the first window with responses >= 20 and NXDOMAIN / responses >= 0.5, resolves at
     * the second consecutive window in which that does not hold, with or without records.
     */
    List<String> nxdomainAlerts() {
        Map<String, TreeMap<Instant, Dns>> byClient = new TreeMap<>();
        dns.forEach((key, figures) -> {
            String[] parts = key.split("\\|");
            byClient.computeIfAbsent(parts[0], c -> new TreeMap<>()).put(Instant.parse(parts[1]), figures);
        });
        List<String> changes = new java.util.ArrayList<>();
        byClient.forEach((client, windows) -> {
            boolean firing = false;
            int misses = 0;
            for (Instant w = windows.firstKey(); !w.isAfter(windows.lastKey()); w = w.plusSeconds(WINDOW_SECONDS)) {
                Dns figures = windows.get(w);
                long responses = figures == null ? 0 : figures.responses;
                long nx = figures == null ? 0 : figures.rcodes.getOrDefault("NXDOMAIN", 0L);
                double ratio = responses == 0 ? 0 : (double) nx / responses;
                boolean holds = responses >= 20 && ratio >= 0.5;
                if (!firing && holds) {
                    firing = true;
                    misses = 0;
                    changes.add("dns:" + client + "|FIRING|" + w + "|" + ratio6(ratio));
                } else if (firing && !holds && ++misses == 2) {
                    firing = false;
                    changes.add("dns:" + client + "|RESOLVED|" + w + "|" + ratio6(ratio));
                } else if (holds) {
                    misses = 0;
                }
            }
        });
        return changes;
    }

    private static String ratio6(double value) {
        return new java.math.BigDecimal(Double.toString(value)).setScale(6, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    private static String windowStart(Instant time) {
        long start = Math.floorDiv(time.getEpochSecond(), WINDOW_SECONDS) * WINDOW_SECONDS;
        return Instant.ofEpochSecond(start).toString();
    }

    /** Some recorded endpoints carry no namespace field; their namespace then comes from the pod namespace label. */
    private static String qualified(String namespace, String name) {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** Analytics spec section 2, node of an endpoint, rules 1 to 4. */
    private String node(JsonNode endpoint, String ip, String observer) {
        if (endpoint.path("ID").asLong(0) > 0) {
            return observer;
        }
        for (Map.Entry<String, String> cidr : nodeOfPodCidr.entrySet()) {
            if (!ip.isEmpty() && inCidr(ip, cidr.getKey())) {
                return cidr.getValue();
            }
        }
        if (nodeOfAddress.containsKey(ip)) {
            return nodeOfAddress.get(ip);
        }
        for (JsonNode label : endpoint.path("labels")) {
            if (label.asText().equals("reserved:world")) {
                return "external";
            }
        }
        return "unknown";
    }

    /** The subnet of a node; external and unknown stay as they are, nodes outside the inventory are unknown. */
    private String subnet(String node) {
        if (node.equals("external") || node.equals("unknown")) {
            return node;
        }
        return subnetOfNode.getOrDefault(node, "unknown");
    }

    private static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String ip) {
        String[] octets = ip.split("\\.");
        if (octets.length != 4) {
            return -1;
        }
        long value = 0;
        for (String octet : octets) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }

    /** Analytics spec section 2, naming rules 1 to 5. */
    static String workload(JsonNode endpoint) {
        String namespace = endpoint.path("namespace").asText("");
        if (namespace.isEmpty()) {
            for (JsonNode label : endpoint.path("labels")) {
                if (label.asText().startsWith("k8s:io.kubernetes.pod.namespace=")) {
                    namespace = label.asText().substring("k8s:io.kubernetes.pod.namespace=".length());
                    break;
                }
            }
        }
        String pod = endpoint.path("pod_name").asText("");
        JsonNode workloads = endpoint.path("workloads");
        if (workloads.isArray() && workloads.size() > 0 && !workloads.get(0).path("name").asText("").isEmpty()) {
            return qualified(namespace, workloads.get(0).get("name").asText());
        }
        for (String prefix : NAME_LABELS) {
            for (JsonNode label : endpoint.path("labels")) {
                if (label.asText().startsWith(prefix)) {
                    return qualified(namespace, label.asText().substring(prefix.length()));
                }
            }
        }
        if (!pod.isEmpty()) {
            String stripped = DEPLOYMENT_POD.matcher(pod).find() ? DEPLOYMENT_POD.matcher(pod).replaceFirst("")
                    : PLAIN_POD.matcher(pod).replaceFirst("");
            return qualified(namespace, stripped);
        }
        if (namespace.isEmpty()) {
            for (JsonNode label : endpoint.path("labels")) {
                if (label.asText().startsWith("reserved:")) {
                    return label.asText();
                }
            }
        }
        return "unknown";
    }
}
