package io.flowpulse.replay.report.html;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.replay.report.ReplayReport;
import io.flowpulse.replay.report.ReportFormats;
import io.flowpulse.replay.report.ReportInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes a {@link ReplayReport} as one self-contained HTML page: inline CSS and SVG charts, no
 * script and nothing loaded from the network. It shows the content of the JSON report: a summary
 * of the input, drop rate per link over time, latency percentiles and jitter per subnet pair, DNS
 * response codes per client, an alert timeline, and every record in tables.
 */
public final class HtmlReportWriter {

    /** Links drawn per level chart; the table lists all. */
    static final int LINKS_PER_CHART = 8;
    /** Latency charts drawn (one per pair and kind); the table lists all. */
    static final int LATENCY_CHARTS = 12;
    /** Clients in the DNS chart; the table lists all. */
    static final int DNS_CLIENTS = 20;

    private static final String TEMPLATE = "/report/report.html";
    private static final List<String> LEVELS = List.of("subnet", "node", "workload");
    private static final List<String> RCODE_ORDER = List.of("NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED", "FORMERR",
            "NOTIMP");

    public void write(ReplayReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toHtml(report), StandardCharsets.UTF_8);
    }

    public String toHtml(ReplayReport report) {
        ReportInput input = report.input();
        String subtitle = input.firstTime() == null ? "No events in the input"
                : "Events from " + ReportFormats.eventTime(input.firstTime()) + " to "
                + ReportFormats.eventTime(input.lastTime()) + ", " + report.windowSeconds() + " s windows";
        StringBuilder content = new StringBuilder(64 * 1024);
        content.append(inputSection(report));
        content.append(linkSection(report));
        content.append(latencySection(report));
        content.append(dnsSection(report));
        content.append(alertSection(report));
        return template().replace("{{title}}", "Flowpulse replay report")
                .replace("{{subtitle}}", Html.escape(subtitle))
                .replace("{{content}}", content.toString());
    }

    private static String inputSection(ReplayReport report) {
        ReportInput input = report.input();
        StringBuilder html = new StringBuilder("<h2>Input</h2><div class=\"summary\">");
        card(html, input.records(), "records");
        card(html, input.flows(), "flows");
        card(html, input.lostEvents(), "lost-events records");
        card(html, input.invalid(), "invalid lines");
        card(html, input.late(), "late records");
        card(html, report.links().size(), "link windows");
        card(html, report.dns().size(), "DNS windows");
        card(html, report.latency().size(), "latency windows");
        card(html, report.alerts().size(), "alert changes");
        html.append("</div><p class=\"files\">Files: ")
                .append(Html.escape(String.join(", ", input.files()))).append("</p>");
        return html.toString();
    }

    private static void card(StringBuilder html, long value, String label) {
        html.append("<div><b>").append(String.format(java.util.Locale.ROOT, "%,d", value)).append("</b><span>")
                .append(Html.escape(label)).append("</span></div>");
    }

    private static String linkSection(ReplayReport report) {
        StringBuilder html = new StringBuilder("<h2>Link health: drop rate per link</h2>");
        if (report.links().isEmpty()) {
            return html.append("<p class=\"empty\">No L3/L4 flows in the input.</p>").toString();
        }
        long windowMillis = report.windowSeconds() * 1000;
        Map<String, List<LinkWindow>> byLevel = report.links().stream()
                .collect(Collectors.groupingBy(LinkWindow::getLevel, TreeMap::new, Collectors.toList()));
        for (String level : orderedLevels(byLevel.keySet())) {
            Map<String, List<LinkWindow>> byLink = byLevel.get(level).stream().collect(Collectors.groupingBy(
                    link -> link.getSrc() + " \u2192 " + link.getDst(), LinkedHashMap::new, Collectors.toList()));
            List<String> chosen = byLink.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, List<LinkWindow>>>comparingLong(e -> -sum(e.getValue(), true))
                            .thenComparingLong(e -> -sum(e.getValue(), false)).thenComparing(Map.Entry::getKey))
                    .limit(LINKS_PER_CHART).map(Map.Entry::getKey).toList();
            TimeSeriesChart chart = new TimeSeriesChart("drop rate", windowMillis);
            for (String link : chosen) {
                List<TimeSeriesChart.Point> points = byLink.get(link).stream()
                        .map(w -> new TimeSeriesChart.Point(w.getWindowStart().toEpochMilli(), w.getDropRate())).toList();
                chart.add(new TimeSeriesChart.Series(link, points, false));
            }
            long withDrops = byLink.values().stream().filter(windows -> sum(windows, true) > 0).count();
            html.append("<h3>Level ").append(Html.escape(level)).append(": ").append(byLink.size())
                    .append(byLink.size() == 1 ? " link, " : " links, ").append(withDrops)
                    .append(" with drops; drawn: ").append(chosen.size() == byLink.size() ? "all"
                            : "the " + chosen.size() + " with most drops, then most events").append("</h3>");
            html.append(chart.toSvg());
        }
        HtmlTable table = new HtmlTable("level", "src", "dst", "window_start", "forwarded", "dropped", "other",
                "drop_rate", "drop_reasons");
        for (LinkWindow link : report.links()) {
            table.row(link.getDropped() > 0 ? "warning" : null).text(link.getLevel()).text(link.getSrc())
                    .text(link.getDst()).text(ReportFormats.windowTime(link.getWindowStart()))
                    .number(link.getForwarded()).number(link.getDropped()).number(link.getOther())
                    .number(ReportFormats.ratio("drop_rate", link.getDropRate())).text(counts(link.getDropReasons()));
        }
        return html.append(table.toHtml("All link windows", false)).toString();
    }

    private static long sum(List<LinkWindow> windows, boolean droppedOnly) {
        long total = 0;
        for (LinkWindow w : windows) {
            total += droppedOnly ? w.getDropped() : w.getForwarded() + w.getDropped() + w.getOther();
        }
        return total;
    }

    private static String latencySection(ReplayReport report) {
        StringBuilder html = new StringBuilder("<h2>Path latency and jitter</h2>");
        if (report.latency().isEmpty()) {
            return html.append("<p class=\"empty\">No latency samples (TCP handshakes, DNS or HTTP responses)"
                    + " in the input.</p>").toString();
        }
        boolean subnets = report.latency().stream().anyMatch(w -> "subnet".equals(w.getLevel()));
        String level = subnets ? "subnet" : "node";
        Map<String, List<LatencyWindow>> byPair = report.latency().stream()
                .filter(w -> level.equals(w.getLevel()))
                .collect(Collectors.groupingBy(w -> w.getKind() + ": " + w.getSrc() + " \u2192 " + w.getDst(),
                        TreeMap::new, Collectors.toList()));
        List<String> chosen = byPair.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, List<LatencyWindow>>>comparingLong(
                        e -> -e.getValue().stream().mapToLong(LatencyWindow::getSamples).sum())
                        .thenComparing(Map.Entry::getKey))
                .limit(LATENCY_CHARTS).map(Map.Entry::getKey).toList();
        html.append("<p class=\"note\">Per ").append(level).append(" pair (client \u2192 server) and kind: p50, p90 and"
                + " p99 in ms, jitter (mean absolute difference of consecutive samples) dashed. ")
                .append(byPair.size()).append(byPair.size() == 1 ? " pair" : " pairs").append("; drawn: ")
                .append(chosen.size() == byPair.size() ? "all" : "the " + chosen.size() + " with most samples")
                .append(".</p>");
        long windowMillis = report.windowSeconds() * 1000;
        for (String pair : chosen) {
            List<LatencyWindow> windows = byPair.get(pair);
            long samples = windows.stream().mapToLong(LatencyWindow::getSamples).sum();
            TimeSeriesChart chart = new TimeSeriesChart("ms", windowMillis)
                    .add(series("p50", windows, LatencyWindow::getP50Ms, false))
                    .add(series("p90", windows, LatencyWindow::getP90Ms, false))
                    .add(series("p99", windows, LatencyWindow::getP99Ms, false))
                    .add(series("jitter", windows, LatencyWindow::getJitterMs, true));
            html.append("<h3>").append(Html.escape(pair)).append(" (").append(samples).append(" samples)</h3>")
                    .append(chart.toSvg());
        }
        HtmlTable table = new HtmlTable("level", "kind", "src", "dst", "window_start", "samples", "min_ms", "p50_ms",
                "p90_ms", "p99_ms", "max_ms", "mean_ms", "stddev_ms", "jitter_ms");
        for (LatencyWindow w : report.latency()) {
            table.row().text(w.getLevel()).text(w.getKind()).text(w.getSrc()).text(w.getDst())
                    .text(ReportFormats.windowTime(w.getWindowStart())).number(w.getSamples())
                    .number(ms(w.getMinMs())).number(ms(w.getP50Ms())).number(ms(w.getP90Ms()))
                    .number(ms(w.getP99Ms())).number(ms(w.getMaxMs())).number(ms(w.getMeanMs()))
                    .number(ms(w.getStddevMs())).number(ms(w.getJitterMs()));
        }
        return html.append(table.toHtml("All latency windows", false)).toString();
    }

    private static TimeSeriesChart.Series series(String name, List<LatencyWindow> windows,
                                                 java.util.function.ToDoubleFunction<LatencyWindow> value,
                                                 boolean dashed) {
        return new TimeSeriesChart.Series(name, windows.stream()
                .map(w -> new TimeSeriesChart.Point(w.getWindowStart().toEpochMilli(), value.applyAsDouble(w)))
                .toList(), dashed);
    }

    private static String dnsSection(ReplayReport report) {
        StringBuilder html = new StringBuilder("<h2>DNS: response codes per client</h2>");
        if (report.dns().isEmpty()) {
            return html.append("<p class=\"empty\">No DNS records in the input.</p>").toString();
        }
        Map<String, Map<String, Long>> rcodesByClient = new TreeMap<>();
        Map<String, Long> queriesByClient = new TreeMap<>();
        TreeSet<String> seenRcodes = new TreeSet<>();
        for (DnsWindow dns : report.dns()) {
            rcodesByClient.merge(dns.getClient(), dns.getRcodes(), StackedBarChart::sum);
            queriesByClient.merge(dns.getClient(), dns.getQueries(), Long::sum);
            seenRcodes.addAll(dns.getRcodes().keySet());
        }
        List<String> categories = new ArrayList<>();
        for (String rcode : RCODE_ORDER) {
            if (seenRcodes.remove(rcode)) {
                categories.add(rcode);
            }
        }
        categories.addAll(seenRcodes);
        StackedBarChart chart = new StackedBarChart(categories);
        rcodesByClient.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Map<String, Long>>>comparingLong(
                        e -> -e.getValue().values().stream().mapToLong(Long::longValue).sum())
                        .thenComparing(Map.Entry::getKey))
                .limit(DNS_CLIENTS)
                .forEach(e -> chart.add(new StackedBarChart.Bar(e.getKey(), e.getValue())));
        html.append("<p class=\"note\">Responses per rcode over the whole replay, for the ")
                .append(Math.min(DNS_CLIENTS, rcodesByClient.size())).append(" of ").append(rcodesByClient.size())
                .append(" clients with most responses.</p>").append(chart.toSvg());
        TimeSeriesChart queries = new TimeSeriesChart("queries", report.windowSeconds() * 1000);
        queriesByClient.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(e -> -e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .limit(LINKS_PER_CHART)
                .forEach(e -> queries.add(new TimeSeriesChart.Series(e.getKey(), report.dns().stream()
                        .filter(d -> d.getClient().equals(e.getKey()))
                        .map(d -> new TimeSeriesChart.Point(d.getWindowStart().toEpochMilli(), d.getQueries()))
                        .toList(), false)));
        html.append("<h3>Queries per window</h3>").append(queries.toSvg());
        HtmlTable table = new HtmlTable("client", "window_start", "queries", "responses", "rcodes", "p50 ms", "p95 ms",
                "p99 ms", "max ms", "distinct_names", "top_nxdomain");
        for (DnsWindow dns : report.dns()) {
            table.row().text(dns.getClient()).text(ReportFormats.windowTime(dns.getWindowStart()))
                    .number(dns.getQueries()).number(dns.getResponses()).text(counts(dns.getRcodes()));
            if (dns.getLatencyMs() == null) {
                table.number("").number("").number("").number("");
            } else {
                table.number(ms(dns.getLatencyMs().getP50())).number(ms(dns.getLatencyMs().getP95()))
                        .number(ms(dns.getLatencyMs().getP99())).number(ms(dns.getLatencyMs().getMax()));
            }
            table.number(dns.getDistinctNames()).text(dns.getTopNxdomain().stream()
                    .map(NameCount::getName).map(n -> n).collect(Collectors.joining(", ")) + nxCounts(dns));
        }
        return html.append(table.toHtml("All DNS windows", false)).toString();
    }

    private static String nxCounts(DnsWindow dns) {
        if (dns.getTopNxdomain().isEmpty()) {
            return "";
        }
        return " (" + dns.getTopNxdomain().stream().map(n -> Long.toString(n.getCount()))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String alertSection(ReplayReport report) {
        StringBuilder html = new StringBuilder("<h2>Alerts</h2>");
        TreeSet<Long> windows = new TreeSet<>();
        report.links().forEach(w -> windows.add(w.getWindowStart().toEpochMilli()));
        report.dns().forEach(w -> windows.add(w.getWindowStart().toEpochMilli()));
        report.latency().forEach(w -> windows.add(w.getWindowStart().toEpochMilli()));
        html.append(AlertTimeline.toSvg(report.alerts(), windows, report.windowSeconds() * 1000));
        if (report.alerts().isEmpty()) {
            return html.toString();
        }
        html.append("<p class=\"note\">Bars run from the window that fired an alert through the window that"
                + " resolved it; a dashed outline means it was still firing when the replay ended. The time axis has"
                + " one slot per window with results; dotted lines mark where windows without any were left out.</p>");
        HtmlTable table = new HtmlTable("window_start", "window_end", "kind", "subject", "state", "severity", "value",
                "threshold", "message");
        for (Alert alert : report.alerts()) {
            table.row("FIRING".equals(alert.getState()) ? alert.getSeverity().toLowerCase(java.util.Locale.ROOT) : null)
                    .text(ReportFormats.windowTime(alert.getWindowStart()))
                    .text(ReportFormats.windowTime(alert.getWindowEnd())).text(alert.getKind())
                    .text(alert.getSubject()).text(alert.getState()).text(alert.getSeverity())
                    .number(ReportFormats.ratio("value", alert.getValue()))
                    .number(ReportFormats.ratio("threshold", alert.getThreshold())).text(alert.getMessage());
        }
        return html.append(table.toHtml("All alert state changes", true)).toString();
    }

    private static List<String> orderedLevels(java.util.Set<String> present) {
        List<String> levels = new ArrayList<>();
        for (String level : LEVELS) {
            if (present.contains(level)) {
                levels.add(level);
            }
        }
        for (String level : present) {
            if (!levels.contains(level)) {
                levels.add(level);
            }
        }
        return levels;
    }

    private static String counts(Map<String, Long> counts) {
        return new TreeMap<>(counts).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String ms(double value) {
        return ReportFormats.millis("ms", value);
    }

    private static String template() {
        try (InputStream in = HtmlReportWriter.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the report template " + TEMPLATE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
