package io.flowpulse.cli.demo;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link DemoSnapshot} as the demo's text screen. Pure: same snapshot, same text. */
public final class DemoScreen {

    static final int WORST_LINKS = 8;
    static final int DNS_CLIENTS = 6;
    static final int SUBNET_PAIRS = 10;
    static final int ALERTS = 12;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private DemoScreen() {
    }

    public static String render(DemoSnapshot s) {
        StringBuilder out = new StringBuilder(4096);
        line(out, "Flowpulse demo  %s elapsed   newest closed window ends %s UTC",
                clock(s.elapsedSeconds()), s.latestWindowEnd() == null ? "-" : TIME.format(s.latestWindowEnd()));
        out.append('\n');
        line(out, "%-12s %14s %12s   %s", "STAGE", "TOTAL", "PER SECOND", "");
        for (DemoSnapshot.Stage st : s.stages()) {
            line(out, "%-12s %,14d %,12.0f   %s", st.name(), st.total(), st.perSecond(), st.detail());
        }

        out.append('\n');
        line(out, "WORST LINKS (newest window)      %-9s %9s %9s  %s", "DROP RATE", "DROPPED", "EVENTS", "REASONS");
        List<LinkWindow> worst = s.links().stream()
                .filter(l -> l.getDropped() > 0)
                .sorted(Comparator.comparingDouble(LinkWindow::getDropRate).reversed()
                        .thenComparing(l -> l.getLevel() + l.getSrc() + l.getDst()))
                .limit(WORST_LINKS).toList();
        if (worst.isEmpty()) {
            line(out, "  no drops in the newest windows");
        }
        for (LinkWindow l : worst) {
            line(out, "  %-30s %8.1f%% %9d %9d  %s", truncate(l.getLevel() + " " + l.getSrc() + " -> " + l.getDst(), 30),
                    l.getDropRate() * 100, l.getDropped(), l.getForwarded() + l.getDropped(), reasons(l.getDropReasons()));
        }

        out.append('\n');
        line(out, "DNS CLIENTS (newest window)      %7s %7s %9s %9s %8s  %s", "QUERIES", "ANSWERS", "NXDOMAIN", "SERVFAIL", "P99 MS", "SUSPICIOUS");
        List<DnsWindow> dns = s.dns().stream()
                .sorted(Comparator.comparingDouble(DemoScreen::dnsTrouble).reversed().thenComparing(DnsWindow::getClient))
                .limit(DNS_CLIENTS).toList();
        for (DnsWindow d : dns) {
            line(out, "  %-30s %7d %7d %9d %9d %8s  %d", truncate(d.getClient(), 30), d.getQueries(), d.getResponses(),
                    d.getRcodes().getOrDefault("NXDOMAIN", 0L), d.getRcodes().getOrDefault("SERVFAIL", 0L),
                    d.getLatencyMs() == null ? "-" : String.format(Locale.ROOT, "%.1f", d.getLatencyMs().getP99()),
                    d.getSuspiciousNames().size());
        }

        out.append('\n');
        line(out, "SUBNET PAIRS, TCP HANDSHAKE      %7s %9s %9s %9s", "SAMPLES", "P50 MS", "P99 MS", "JITTER MS");
        List<LatencyWindow> pairs = s.latency().stream()
                .filter(l -> l.getLevel().equals("subnet") && l.getKind().equals("tcp_handshake"))
                .sorted(Comparator.comparingDouble(LatencyWindow::getP99Ms).reversed()
                        .thenComparing(l -> l.getSrc() + l.getDst()))
                .limit(SUBNET_PAIRS).toList();
        for (LatencyWindow l : pairs) {
            line(out, "  %-30s %7d %9.1f %9.1f %9.1f", truncate(l.getSrc() + " -> " + l.getDst(), 30),
                    l.getSamples(), l.getP50Ms(), l.getP99Ms(), l.getJitterMs());
        }

        out.append('\n');
        long firing = s.alerts().stream().collect(Collectors.toMap(Alert::getId, a -> a, (a, b) -> b)).values().stream()
                .filter(a -> a.getState().equals("FIRING")).count();
        line(out, "ALERTS  %d firing, %d state changes (newest last)", firing, s.alerts().size());
        List<Alert> recent = s.alerts().subList(Math.max(0, s.alerts().size() - ALERTS), s.alerts().size());
        for (Alert a : recent) {
            line(out, "  %s  %-8s %-8s %-52s %s", TIME.format(a.getWindowStart()), a.getState(), a.getSeverity(),
                    truncate(a.getId(), 52), String.format(Locale.ROOT, "%.3g (threshold %.3g)", a.getValue(), a.getThreshold()));
        }

        out.append('\n');
        for (String where : s.dataLocations()) {
            line(out, "%s", where);
        }
        return out.toString();
    }

    /** How bad a DNS window looks, for ordering: error answers and slowness. */
    static double dnsTrouble(DnsWindow d) {
        long errors = d.getRcodes().entrySet().stream().filter(e -> !e.getKey().equals("NOERROR"))
                .mapToLong(Map.Entry::getValue).sum();
        double p99 = d.getLatencyMs() == null ? 0 : d.getLatencyMs().getP99();
        return errors * 10.0 + p99 + d.getSuspiciousNames().size() * 100.0 + d.getQueries() / 100.0;
    }

    private static String reasons(Map<String, Long> reasons) {
        return reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String clock(double seconds) {
        long s = (long) seconds;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "~";
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
