package io.flowpulse.replay.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.replay.report.ReplayReport;
import io.flowpulse.replay.report.ReportInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportWriterTest {

    private static final Instant T0 = Instant.parse("2021-10-04T11:22:00Z");
    private final HtmlReportWriter writer = new HtmlReportWriter();

    @Test
    void loadsNothingFromTheNetworkAndRunsNoScript() {
        String html = writer.toHtml(sampleReport());

        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("<img").doesNotContain("src=").doesNotContain("href=")
                .doesNotContain("@import").doesNotContain("url(");
        // the only address is the SVG namespace, which browsers never fetch
        Matcher addresses = Pattern.compile("https?://[^\"\\s<]*").matcher(html);
        while (addresses.find()) {
            assertThat(addresses.group()).isEqualTo("http://www.w3.org/2000/svg");
        }
    }

    @Test
    void showsEverySectionWithChartsAndATableRowPerRecord() {
        ReplayReport report = sampleReport();
        String html = writer.toHtml(report);

        assertThat(html).contains("<h2>Input</h2>", "<h2>Link health: drop rate per link</h2>",
                "<h2>Path latency and jitter</h2>", "<h2>DNS: response codes per client</h2>", "<h2>Alerts</h2>");
        assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(
                2 /* link levels */ + 1 /* latency pair */ + 2 /* dns rcodes, queries */ + 1 /* alert timeline */);
        assertThat(html).contains("All link windows (" + report.links().size() + " rows)",
                "All DNS windows (" + report.dns().size() + " rows)",
                "All latency windows (" + report.latency().size() + " rows)",
                "All alert state changes (" + report.alerts().size() + " rows)");
        assertThat(html).contains("<td>LINK_DROP_RATE</td>", "<td class=\"num\">0.25</td>", "NXDOMAIN 3");
        assertThat(html).contains("<b>1,200</b><span>records</span>", "<b>3</b><span>invalid lines</span>");
    }

    @Test
    void marksWhereWindowsWithoutDataWereLeftOutOfTheTimeAxis() {
        String html = writer.toHtml(sampleReport());

        assertThat(html).contains("<line class=\"gap\"", "<title>no data from 10-04 11:32 to 10-06 11:22</title>");
    }

    @Test
    void escapesNamesFromTheInput() {
        LinkWindow hostile = link("workload", "x/<b>evil</b>", "y/\"quoted\"", 0, 1, 0);
        String html = writer.toHtml(ReplayReport.of(input(), 60, List.of(hostile), List.of(), List.of(), List.of()));

        assertThat(html).doesNotContain("<b>evil</b>").contains("x/&lt;b&gt;evil&lt;/b&gt;")
                .contains("y/&quot;quoted&quot;");
    }

    @Test
    void saysSoWhenASectionHasNoData() {
        ReportInput empty = new ReportInput(List.of("empty.json"), 0, 0, 0, 0, 0, null, null);
        String html = writer.toHtml(ReplayReport.of(empty, 60, List.of(), List.of(), List.of(), List.of()));

        assertThat(html).contains("No events in the input", "No L3/L4 flows in the input.",
                "No DNS records in the input.", "No alert fired.");
    }

    @Test
    void writesTheSampleToAFileForALookInABrowser() throws Exception {
        Path file = Path.of("target", "html-report-sample", "report.html");
        writer.write(sampleReport(), file);

        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static ReplayReport sampleReport() {
        List<LinkWindow> links = new ArrayList<>();
        List<LatencyWindow> latency = new ArrayList<>();
        List<DnsWindow> dns = new ArrayList<>();
        for (int m = 0; m < 10; m++) {
            long dropped = m >= 3 && m < 6 ? 10 : 0;
            links.add(link("node", "node-1", "node-2", m, 30, dropped));
            links.add(link("node", "node-2", "node-1", m, 40, m == 4 ? 1 : 0));
            links.add(link("workload", "shop/web", "shop/db", m, 30, dropped));
            if (m != 7) {
                links.add(link("workload", "shop/web", "kube-system/coredns", m, 12, 0));
            }
            latency.add(LatencyWindow.newBuilder().setLevel("subnet").setKind("tcp_handshake").setSrc("lab-a")
                    .setDst("lab-b").setWindowStart(minute(m)).setWindowEnd(minute(m + 1)).setSamples(20 + m)
                    .setMinMs(1.5).setP50Ms(20 + m).setP90Ms(40 + 3 * m).setP99Ms(m == 6 ? 260 : 80).setMaxMs(300)
                    .setMeanMs(25).setStddevMs(10).setJitterMs(m == 6 ? 45 : 8).setExact(true).build());
            dns.add(DnsWindow.newBuilder().setClient("shop/web").setWindowStart(minute(m)).setWindowEnd(minute(m + 1))
                    .setQueries(25).setResponses(25).setRcodes(m == 2 ? Map.of("NOERROR", 22L, "NXDOMAIN", 3L)
                            : Map.of("NOERROR", 24L, "SERVFAIL", 1L))
                    .setLatencyMs(m % 2 == 0 ? new DnsLatency(2.5, 9.75, 14.125, 20.0) : null)
                    .setDistinctNames(4).setTopNxdomain(m == 2 ? List.of(new NameCount("nope.shop.svc.", 3L))
                            : List.of()).setSuspiciousNames(List.of()).build());
        }
        // a second capture two days later
        links.add(link("node", "node-1", "node-2", 2 * 24 * 60, 20, 5));
        dns.add(DnsWindow.newBuilder().setClient("kube-system/metrics").setWindowStart(minute(1))
                .setWindowEnd(minute(2)).setQueries(5).setResponses(5).setRcodes(Map.of("NOERROR", 5L))
                .setLatencyMs(null).setDistinctNames(1).setTopNxdomain(List.of()).setSuspiciousNames(List.of()).build());
        List<Alert> alerts = List.of(
                alert("LINK_DROP_RATE", "node:node-1->node-2", "FIRING", "CRITICAL", 3, 0.25, 0.05),
                alert("LINK_DROP_RATE", "node:node-1->node-2", "RESOLVED", "CRITICAL", 7, 0, 0.05),
                alert("XSUBNET_JITTER", "subnet:lab-a->lab-b", "FIRING", "WARNING", 6, 45, 30));
        return ReplayReport.of(input(), 60, links, dns, latency, alerts);
    }

    private static ReportInput input() {
        return new ReportInput(List.of("captures/a.json", "captures/b.json.gz"), 1200, 1180, 2, 3, 0,
                Instant.parse("2021-10-04T11:22:00.5Z"), Instant.parse("2021-10-04T11:31:59.25Z"));
    }

    private static Instant minute(int n) {
        return T0.plusSeconds(60L * n);
    }

    private static LinkWindow link(String level, String src, String dst, int m, long forwarded, long dropped) {
        return LinkWindow.newBuilder().setLevel(level).setSrc(src).setDst(dst).setWindowStart(minute(m))
                .setWindowEnd(minute(m + 1)).setForwarded(forwarded).setDropped(dropped).setOther(0)
                .setDropRate(forwarded + dropped == 0 ? 0 : (double) dropped / (forwarded + dropped))
                .setDropReasons(dropped == 0 ? Map.of() : Map.of("POLICY_DENIED", dropped)).build();
    }

    private static Alert alert(String kind, String subject, String state, String severity, int m, double value,
                               double threshold) {
        return Alert.newBuilder().setId(kind + ":" + subject).setKind(kind).setSeverity(severity).setSubject(subject)
                .setState(state).setWindowStart(minute(m)).setWindowEnd(minute(m + 1)).setValue(value)
                .setThreshold(threshold).setMessage(kind + " " + state.toLowerCase() + " on " + subject).build();
    }
}
