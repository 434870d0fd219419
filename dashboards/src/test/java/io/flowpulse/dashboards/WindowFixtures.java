package io.flowpulse.dashboards;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.NameCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Ninety one-minute windows of a small three-subnet cluster as the analytics would emit them,
 * with the faults the dashboards exist for: a policy dropping shop/api -> shop/db (windows
 * 30-45), NXDOMAIN storms of pay/gateway (50-61), a suspicious name from shop/api (70-71), slow
 * and jittery handshakes lab-a -> lab-c (20-35), and an alert that started before the range a
 * test looks at (lab-b -> lab-c, from window 5, never resolved). Node and subnet link windows
 * are the sums of the workload windows, as in the analytics spec. Seeded, so every run is equal.
 */
final class WindowFixtures {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final int WINDOWS = 90;
    static final List<String> SUBNETS = List.of("lab-a", "lab-b", "lab-c");

    /** workload -> node; node -> subnet. */
    private static final Map<String, String> NODE_OF = Map.of("shop/web", "node-a1", "shop/api", "node-a2",
            "shop/db", "node-b1", "pay/gateway", "node-b1", "pay/ledger", "node-c1", "reserved:world", "external");
    private static final Map<String, String> SUBNET_OF = Map.of("node-a1", "lab-a", "node-a2", "lab-a",
            "node-b1", "lab-b", "node-c1", "lab-c", "external", "external");
    private static final List<String[]> WORKLOAD_LINKS = List.of(new String[] {"shop/web", "shop/api"},
            new String[] {"shop/api", "shop/db"}, new String[] {"shop/web", "pay/gateway"},
            new String[] {"pay/gateway", "pay/ledger"}, new String[] {"shop/api", "reserved:world"});
    private static final List<String> DNS_CLIENTS = List.of("shop/web", "shop/api", "pay/gateway", "pay/ledger");

    final List<LinkWindow> links = new ArrayList<>();
    final List<DnsWindow> dns = new ArrayList<>();
    final List<LatencyWindow> latency = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();

    private final Random random = new Random(20261124L);

    WindowFixtures() {
        for (int w = 0; w < WINDOWS; w++) {
            linkWindows(w);
            dnsWindows(w);
            latencyWindows(w);
        }
        alerts();
    }

    static Instant windowStart(int w) {
        return T0.plusSeconds(60L * w);
    }

    List<Object> all() {
        List<Object> all = new ArrayList<>(links);
        all.addAll(dns);
        all.addAll(latency);
        all.addAll(alerts);
        return all;
    }

    private void linkWindows(int w) {
        Map<String, long[]> nodeCounts = new TreeMap<>();
        Map<String, Map<String, Long>> nodeReasons = new TreeMap<>();
        Map<String, long[]> subnetCounts = new TreeMap<>();
        Map<String, Map<String, Long>> subnetReasons = new TreeMap<>();
        for (String[] link : WORKLOAD_LINKS) {
            long forwarded = 80 + random.nextInt(40);
            long other = random.nextInt(3);
            Map<String, Long> reasons = new TreeMap<>();
            if (link[1].equals("shop/db") && w >= 30 && w <= 45) {
                reasons.put("POLICY_DENIED", forwarded * 3 / 10);
            }
            if (link[1].equals("reserved:world")) {
                reasons.put("POLICY_DENIED", 1L + random.nextInt(3));
            }
            if (random.nextInt(6) == 0) {
                reasons.merge("CT_MAP_INSERTION_FAILED", 1L, Long::sum);
            }
            links.add(link("workload", link[0], link[1], w, forwarded, other, reasons));
            String srcNode = NODE_OF.get(link[0]);
            String dstNode = NODE_OF.get(link[1]);
            add(nodeCounts, nodeReasons, srcNode + "|" + dstNode, forwarded, other, reasons);
            add(subnetCounts, subnetReasons, SUBNET_OF.get(srcNode) + "|" + SUBNET_OF.get(dstNode), forwarded, other,
                    reasons);
        }
        nodeCounts.forEach((key, c) -> links.add(link("node", key.split("\\|")[0], key.split("\\|")[1], w, c[0], c[1],
                nodeReasons.get(key))));
        subnetCounts.forEach((key, c) -> links.add(link("subnet", key.split("\\|")[0], key.split("\\|")[1], w, c[0],
                c[1], subnetReasons.get(key))));
    }

    private static void add(Map<String, long[]> counts, Map<String, Map<String, Long>> reasons, String key,
                            long forwarded, long other, Map<String, Long> linkReasons) {
        long[] c = counts.computeIfAbsent(key, k -> new long[2]);
        c[0] += forwarded;
        c[1] += other;
        Map<String, Long> r = reasons.computeIfAbsent(key, k -> new TreeMap<>());
        linkReasons.forEach((name, n) -> r.merge(name, n, Long::sum));
    }

    private static LinkWindow link(String level, String src, String dst, int w, long forwarded, long other,
                                   Map<String, Long> reasons) {
        long dropped = reasons.values().stream().mapToLong(Long::longValue).sum();
        double rate = forwarded + dropped == 0 ? 0 : dropped / (double) (forwarded + dropped);
        return LinkWindow.newBuilder().setLevel(level).setSrc(src).setDst(dst).setWindowStart(windowStart(w))
                .setWindowEnd(windowStart(w + 1)).setForwarded(forwarded).setDropped(dropped).setOther(other)
                .setDropRate(rate).setDropReasons(new TreeMap<>(reasons)).build();
    }

    private void dnsWindows(int w) {
        for (String client : DNS_CLIENTS) {
            long queries = 40 + random.nextInt(20);
            long responses = queries - random.nextInt(3);
            long nxdomain = client.equals("pay/gateway") && w >= 50 && w <= 61 ? responses * 6 / 10 : random.nextInt(3);
            long servfail = random.nextInt(8) == 0 ? 1 : 0;
            Map<String, Long> rcodes = new TreeMap<>();
            rcodes.put("NOERROR", responses - nxdomain - servfail);
            if (nxdomain > 0) {
                rcodes.put("NXDOMAIN", nxdomain);
            }
            if (servfail > 0) {
                rcodes.put("SERVFAIL", servfail);
            }
            List<NameCount> topNx = new ArrayList<>();
            if (nxdomain > 0) {
                long first = (nxdomain + 1) / 2;
                topNx.add(new NameCount("ledger.pay.svc.cluster.local.shop.svc.cluster.local.", first));
                if (nxdomain - first > 0) {
                    topNx.add(new NameCount("api.shop.svc.cluster.local.pay.svc.cluster.local.", nxdomain - first));
                }
            }
            double p50 = 0.8 + random.nextInt(100) / 100.0;
            DnsLatency latencyMs = client.equals("pay/ledger") && w % 10 == 0 ? null
                    : new DnsLatency(p50, p50 * 3, p50 * 6 + random.nextInt(5), p50 * 6 + 8);
            List<String> suspicious = client.equals("shop/api") && (w == 70 || w == 71)
                    ? List.of("x7f3kq9zvd0m2p8w1c4b9t6.tunnel.example.") : List.of();
            dns.add(DnsWindow.newBuilder().setClient(client).setWindowStart(windowStart(w)).setWindowEnd(windowStart(w + 1))
                    .setQueries(queries).setResponses(responses).setRcodes(rcodes).setLatencyMs(latencyMs)
                    .setDistinctNames(5 + random.nextInt(6) + suspicious.size()).setTopNxdomain(topNx)
                    .setSuspiciousNames(suspicious).build());
        }
    }

    private void latencyWindows(int w) {
        for (String src : SUBNETS) {
            for (String dst : SUBNETS) {
                boolean slow = src.equals("lab-a") && dst.equals("lab-c") && w >= 20 && w <= 35;
                latency.add(latencyWindow("subnet", "tcp_handshake", src, dst, w, src.equals(dst) ? 0.3 : 1.2, slow));
            }
            latency.add(latencyWindow("subnet", "dns", src, "lab-c", w, src.equals("lab-c") ? 0.6 : 1.8, false));
        }
        for (String[] pair : List.of(new String[] {"node-a1", "node-a2"}, new String[] {"node-a2", "node-b1"},
                new String[] {"node-a1", "node-c1"}, new String[] {"node-b1", "node-c1"})) {
            boolean slow = pair[0].equals("node-a1") && pair[1].equals("node-c1") && w >= 20 && w <= 35;
            latency.add(latencyWindow("node", "tcp_handshake", pair[0], pair[1], w, 0.9, slow));
            latency.add(latencyWindow("node", "dns", pair[0], "node-c1", w, 1.5, false));
        }
    }

    private LatencyWindow latencyWindow(String level, String kind, String src, String dst, int w, double baseMs,
                                        boolean slow) {
        long samples = 12 + random.nextInt(40);
        double p50 = baseMs * (1 + random.nextInt(30) / 100.0);
        double p99 = slow ? 350 + random.nextInt(50) : p50 * 4;
        double jitter = slow ? 45 + random.nextInt(10) : p50 / 3;
        return LatencyWindow.newBuilder().setLevel(level).setKind(kind).setSrc(src).setDst(dst)
                .setWindowStart(windowStart(w)).setWindowEnd(windowStart(w + 1)).setSamples(samples)
                .setMinMs(p50 / 2).setP50Ms(p50).setP90Ms(slow ? p99 * 0.8 : p50 * 2).setP99Ms(p99).setMaxMs(p99 * 1.1)
                .setMeanMs(slow ? p99 / 3 : p50 * 1.2).setStddevMs(slow ? p99 / 4 : p50 / 2).setJitterMs(jitter)
                .setExact(true).build();
    }

    private void alerts() {
        for (String subject : List.of("workload:shop/api->shop/db", "node:node-a2->node-b1", "subnet:lab-a->lab-b")) {
            String level = subject.substring(0, subject.indexOf(':'));
            String[] ends = subject.substring(subject.indexOf(':') + 1).split("->");
            LinkWindow firing = find(level, ends[0], ends[1], 30);
            episode("LINK_DROP_RATE", subject, 30, firing.getDropRate(), 47, find(level, ends[0], ends[1], 47).getDropRate(),
                    0.05, "drop rate");
        }
        DnsWindow storm = dns.stream().filter(d -> d.getClient().equals("pay/gateway") && d.getWindowStart().equals(windowStart(50)))
                .findFirst().orElseThrow();
        episode("DNS_NXDOMAIN_RATIO", "dns:pay/gateway", 50, storm.getRcodes().get("NXDOMAIN") / (double) storm.getResponses(),
                63, 0.02, 0.5, "NXDOMAIN ratio");
        episode("DNS_SUSPICIOUS_NAME", "dns:shop/api", 70, 1, 73, 0, 1, "suspicious query names");
        episode("XSUBNET_LATENCY", "subnet:lab-a->lab-c", 20, 360, 37, 1.6, 200, "handshake p99 ms");
        episode("XSUBNET_JITTER", "subnet:lab-a->lab-c", 20, 48, 37, 0.4, 30, "handshake jitter ms");
        episode("XSUBNET_LATENCY", "subnet:lab-b->lab-c", 5, 240, -1, 0, 200, "handshake p99 ms");
    }

    private LinkWindow find(String level, String src, String dst, int w) {
        return links.stream().filter(l -> l.getLevel().equals(level) && l.getSrc().equals(src) && l.getDst().equals(dst)
                && l.getWindowStart().equals(windowStart(w))).findFirst().orElseThrow();
    }

    /** FIRING at window {@code from}; RESOLVED at window {@code to} unless it is negative. */
    private void episode(String kind, String subject, int from, double value, int to, double resolvedValue,
                         double threshold, String what) {
        String severity = value >= 2 * threshold ? "CRITICAL" : "WARNING";
        alerts.add(alert(kind, subject, severity, "FIRING", from, value, threshold,
                String.format("%s %s %.3f >= %.3f", subject, what, value, threshold)));
        if (to >= 0) {
            alerts.add(alert(kind, subject, severity, "RESOLVED", to, resolvedValue, threshold,
                    String.format("%s %s back below %.3f", subject, what, threshold)));
        }
    }

    private static Alert alert(String kind, String subject, String severity, String state, int w, double value,
                               double threshold, String message) {
        return Alert.newBuilder().setId(kind + ":" + subject).setKind(kind).setSeverity(severity).setSubject(subject)
                .setState(state).setWindowStart(windowStart(w)).setWindowEnd(windowStart(w + 1)).setValue(value)
                .setThreshold(threshold).setMessage(message).build();
    }

    /** Link windows of one level whose start is inside [from, to], as the SQL time filter selects them. */
    List<LinkWindow> links(String level, Instant from, Instant to) {
        return links.stream().filter(l -> l.getLevel().equals(level) && !l.getWindowStart().isBefore(from)
                && !l.getWindowStart().isAfter(to)).toList();
    }

    List<DnsWindow> dns(Instant from, Instant to) {
        return dns.stream().filter(d -> !d.getWindowStart().isBefore(from) && !d.getWindowStart().isAfter(to)).toList();
    }

    static Map<String, Long> sumReasons(List<LinkWindow> windows) {
        Map<String, Long> out = new LinkedHashMap<>();
        windows.forEach(l -> l.getDropReasons().forEach((k, v) -> out.merge(k.toString(), v, Long::sum)));
        return out;
    }
}
