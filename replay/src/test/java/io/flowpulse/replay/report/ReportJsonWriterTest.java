package io.flowpulse.replay.report;

import static io.flowpulse.replay.report.ReportRecords.alert;
import static io.flowpulse.replay.report.ReportRecords.dns;
import static io.flowpulse.replay.report.ReportRecords.input;
import static io.flowpulse.replay.report.ReportRecords.latency;
import static io.flowpulse.replay.report.ReportRecords.link;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.dns.DnsAggregate;
import io.flowpulse.streams.logic.dns.DnsMessageType;
import io.flowpulse.streams.logic.dns.DnsObservation;
import io.flowpulse.streams.logic.dns.SuspiciousNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ReportJsonWriter writer = new ReportJsonWriter();

    @Test
    void writesTheSectionsAndInputFieldsOfTheSpecInItsOrder() throws Exception {
        JsonNode json = parse(ReplayReport.of(input(), 60, List.of(), List.of(), List.of(), List.of()));

        assertThat(fieldNames(json)).containsExactly("input", "window_seconds", "links", "dns", "latency", "alerts");
        assertThat(fieldNames(json.get("input"))).containsExactly("files", "records", "flows", "lost_events",
                "invalid", "late", "first_time", "last_time");
        JsonNode input = json.get("input");
        assertThat(input.get("files").get(0).asText()).isEqualTo("a.json");
        assertThat(input.get("files").get(1).asText()).isEqualTo("b.json.gz");
        assertThat(input.get("records").asLong()).isEqualTo(12);
        assertThat(input.get("flows").asLong()).isEqualTo(10);
        assertThat(input.get("lost_events").asLong()).isEqualTo(1);
        assertThat(input.get("invalid").asLong()).isEqualTo(2);
        assertThat(input.get("late").asLong()).isZero();
        assertThat(input.get("first_time").asText()).isEqualTo("2021-10-04T11:22:26.592280Z");
        assertThat(input.get("last_time").asText()).isEqualTo("2021-10-04T11:26:56.684880Z");
        assertThat(json.get("window_seconds").asLong()).isEqualTo(60);
        assertThat(json.get("links").isArray()).isTrue();
        assertThat(json.get("alerts").size()).isZero();
    }

    @Test
    void anEmptyCaptureHasNullFirstAndLastTime() throws Exception {
        ReportInput empty = new ReportInput(List.of("empty.json"), 0, 0, 0, 0, 0, null, null);
        JsonNode input = parse(ReplayReport.of(empty, 60, List.of(), List.of(), List.of(), List.of())).get("input");

        assertThat(input.get("first_time").isNull()).isTrue();
        assertThat(input.get("last_time").isNull()).isTrue();
    }

    @Test
    void sortsLinksByLevelSourceDestinationAndWindow() throws Exception {
        var links = List.of(
                link("workload", "shop/web", "shop/db", 1, 5, 0, Map.of()),
                link("node", "node-b", "node-a", 0, 1, 0, Map.of()),
                link("workload", "shop/web", "shop/db", 0, 5, 0, Map.of()),
                link("workload", "shop/api", "shop/db", 2, 5, 0, Map.of()),
                link("node", "node-a", "node-b", 3, 1, 0, Map.of()),
                link("subnet", "lab-a", "lab-b", 0, 1, 0, Map.of()),
                link("workload", "shop/web", "kube-system/coredns", 4, 5, 0, Map.of()));
        JsonNode json = parse(ReplayReport.of(input(), 60, links, List.of(), List.of(), List.of()));

        List<String> order = new ArrayList<>();
        for (JsonNode link : json.get("links")) {
            order.add(link.get("level").asText() + " " + link.get("src").asText() + " " + link.get("dst").asText()
                    + " " + link.get("window_start").asText());
        }
        assertThat(order).containsExactly(
                "node node-a node-b 2021-10-04T11:25:00Z",
                "node node-b node-a 2021-10-04T11:22:00Z",
                "subnet lab-a lab-b 2021-10-04T11:22:00Z",
                "workload shop/api shop/db 2021-10-04T11:24:00Z",
                "workload shop/web kube-system/coredns 2021-10-04T11:26:00Z",
                "workload shop/web shop/db 2021-10-04T11:22:00Z",
                "workload shop/web shop/db 2021-10-04T11:23:00Z");
    }

    @Test
    void writesLinkFieldsWithRoundedDropRateAndSortedReasons() throws Exception {
        Map<String, Long> reasons = new LinkedHashMap<>();
        reasons.put("POLICY_DENIED", 1L);
        reasons.put("CT_MAP_INSERTION_FAILED", 1L);
        var link = link("workload", "shop/web", "shop/db", 0, 1, 2, reasons);
        JsonNode json = parse(ReplayReport.of(input(), 60, List.of(link), List.of(), List.of(), List.of()))
                .get("links").get(0);

        assertThat(fieldNames(json)).containsExactly("level", "src", "dst", "window_start", "forwarded", "dropped",
                "other", "drop_rate", "drop_reasons");
        assertThat(json.get("drop_rate").decimalValue()).isEqualByComparingTo("0.666667");
        assertThat(fieldNames(json.get("drop_reasons"))).containsExactly("CT_MAP_INSERTION_FAILED", "POLICY_DENIED");
        assertThat(json.get("window_start").asText()).isEqualTo("2021-10-04T11:22:00Z");
    }

    @Test
    void sortsDnsByClientAndWindowAndWritesNullLatencyWhenNoResponseHadOne() throws Exception {
        var withLatency = dns("shop/web", 1, 4, 4, Map.of("NOERROR", 3L, "NXDOMAIN", 1L),
                new DnsLatency(1.2344, 2.0005, 3.5, 10.0), List.of(new NameCount("nope.example.", 1L)));
        var withoutLatency = dns("shop/web", 0, 2, 0, Map.of(), null, List.of());
        var other = dns("kube-system/coredns", 3, 1, 1, Map.of("NOERROR", 1L), null, List.of());
        JsonNode dns = parse(ReplayReport.of(input(), 60, List.of(), List.of(withLatency, withoutLatency, other),
                List.of(), List.of())).get("dns");

        assertThat(dns.get(0).get("client").asText()).isEqualTo("kube-system/coredns");
        assertThat(dns.get(1).get("window_start").asText()).isEqualTo("2021-10-04T11:22:00Z");
        assertThat(dns.get(1).get("latency_ms").isNull()).isTrue();
        JsonNode second = dns.get(2);
        assertThat(fieldNames(second)).containsExactly("client", "window_start", "queries", "responses", "rcodes",
                "latency_ms", "distinct_names", "top_nxdomain");
        assertThat(fieldNames(second.get("latency_ms"))).containsExactly("p50", "p95", "p99", "max");
        assertThat(second.get("latency_ms").get("p50").decimalValue()).isEqualByComparingTo("1.234");
        assertThat(second.get("latency_ms").get("p95").decimalValue()).isEqualByComparingTo("2.001");
        assertThat(second.get("rcodes").get("NXDOMAIN").asLong()).isEqualTo(1);
        assertThat(second.get("top_nxdomain").get(0).get("name").asText()).isEqualTo("nope.example.");
        assertThat(second.get("top_nxdomain").get(0).get("count").asLong()).isEqualTo(1);
    }

    @Test
    void writesTheExactMaxOfADnsWindowWhosePercentilesCameFromTheSketch() throws Exception {
        DnsAggregate aggregate = new DnsAggregate();
        for (int i = 0; i < 12_000; i++) {
            long nanos = i == 11_000 ? 1_999_472 : 1_000_500 + i * 83L;
            aggregate.add(new DnsObservation(DnsMessageType.RESPONSE, "db.", 0, nanos, 1_633_346_520_000_000L + i));
        }
        assertThat(aggregate.latency().isExact()).isFalse();
        var window = aggregate.toWindow("shop/web", TimeWindow.startingAt(ReportRecords.T0, java.time.Duration.ofSeconds(60)),
                SuspiciousNames.DEFAULTS);
        JsonNode latency = parse(ReplayReport.of(input(), 60, List.of(), List.of(window), List.of(), List.of()))
                .get("dns").get(0).get("latency_ms");

        assertThat(latency.get("max").asText()).isEqualTo("1.999");
    }

    @Test
    void sortsLatencyByLevelKindSourceDestinationAndWindow() throws Exception {
        var rows = List.of(
                latency("subnet", "tcp_handshake", "lab-a", "lab-b", 0, 1.0),
                latency("node", "tcp_handshake", "n1", "n2", 0, 1.0),
                latency("node", "dns", "n2", "n1", 1, 1.0),
                latency("node", "dns", "n2", "n1", 0, 1.0),
                latency("node", "dns", "n1", "n3", 5, 1.0),
                latency("node", "http", "n1", "n2", 0, 1.0));
        JsonNode json = parse(ReplayReport.of(input(), 60, List.of(), List.of(), rows, List.of())).get("latency");

        List<String> order = new ArrayList<>();
        for (JsonNode row : json) {
            order.add(row.get("level").asText() + " " + row.get("kind").asText() + " " + row.get("src").asText()
                    + " " + row.get("dst").asText() + " " + row.get("window_start").asText().substring(14, 16));
        }
        assertThat(order).containsExactly("node dns n1 n3 27", "node dns n2 n1 22", "node dns n2 n1 23",
                "node http n1 n2 22", "node tcp_handshake n1 n2 22", "subnet tcp_handshake lab-a lab-b 22");
        assertThat(fieldNames(json.get(0))).containsExactly("level", "kind", "src", "dst", "window_start", "samples",
                "min_ms", "p50_ms", "p90_ms", "p99_ms", "max_ms", "mean_ms", "stddev_ms", "jitter_ms");
    }

    @Test
    void writesMillisecondsWithMicrosecondPrecision() throws Exception {
        var row = latency("node", "http", "n1", "n2", 0, 12.3456789);
        JsonNode json = parse(ReplayReport.of(input(), 60, List.of(), List.of(), List.of(row), List.of()))
                .get("latency").get(0);

        assertThat(json.get("p50_ms").decimalValue()).isEqualByComparingTo("12.346");
        assertThat(json.get("stddev_ms").asText()).isEqualTo("0");
    }

    @Test
    void sortsAlertsByWindowKindSubjectAndStateAndLeavesOutTheMessage() throws Exception {
        var alerts = List.of(
                alert("LINK_DROP_RATE", "node:a->b", "RESOLVED", 3, 0, 0.05),
                alert("LINK_DROP_RATE", "node:a->b", "FIRING", 1, 0.25, 0.05),
                alert("DNS_SERVFAIL", "dns:shop/web", "RESOLVED", 1, 0, 0.1),
                alert("DNS_LATENCY", "dns:shop/web", "FIRING", 1, 612.5, 500),
                alert("LINK_DROP_RATE", "node:a->b", "FIRING", 3, 0.3, 0.05));
        JsonNode json = parse(ReplayReport.of(input(), 60, List.of(), List.of(), List.of(), alerts)).get("alerts");

        List<String> order = new ArrayList<>();
        for (JsonNode alert : json) {
            order.add(alert.get("window_start").asText().substring(14, 16) + " " + alert.get("kind").asText() + " "
                    + alert.get("state").asText());
        }
        assertThat(order).containsExactly("23 DNS_LATENCY FIRING", "23 DNS_SERVFAIL RESOLVED",
                "23 LINK_DROP_RATE FIRING", "25 LINK_DROP_RATE FIRING", "25 LINK_DROP_RATE RESOLVED");
        assertThat(fieldNames(json.get(0))).containsExactly("id", "kind", "severity", "subject", "state",
                "window_start", "window_end", "value", "threshold");
        assertThat(json.get(0).get("id").asText()).isEqualTo("DNS_LATENCY:dns:shop/web");
        assertThat(json.get(0).get("window_end").asText()).isEqualTo("2021-10-04T11:24:00Z");
        assertThat(json.get(0).get("value").decimalValue()).isEqualByComparingTo("612.5");
        assertThat(json.get(0).get("threshold").asText()).isEqualTo("500");
    }

    @Test
    void writesTheSameBytesForTheSameReportWhateverTheInputOrder() {
        var a = link("workload", "x/a", "x/b", 0, 1, 0, Map.of());
        var b = link("workload", "x/a", "x/b", 1, 1, 0, Map.of());
        String first = writer.toJson(ReplayReport.of(input(), 60, List.of(a, b), List.of(), List.of(), List.of()));
        String second = writer.toJson(ReplayReport.of(input(), 60, List.of(b, a), List.of(), List.of(), List.of()));

        assertThat(first).isEqualTo(second).endsWith("}\n");
    }

    @Test
    void indentsByTwoSpacesWithOneSpaceAfterEachColon() {
        String json = writer.toJson(ReplayReport.of(input(), 60, List.of(), List.of(), List.of(), List.of()));

        assertThat(json).startsWith("{\n  \"input\": {\n    \"files\": [\n      \"a.json\",")
                .contains("\n  \"window_seconds\": 60,\n");
    }

    @Test
    void writesAFileAndCreatesItsDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/report.json");
        writer.write(ReplayReport.of(input(), 60, List.of(), List.of(), List.of(), List.of()), file);

        assertThat(MAPPER.readTree(file.toFile()).get("window_seconds").asInt()).isEqualTo(60);
        assertThat(Files.readString(file)).endsWith("}\n");
    }

    @Test
    void refusesANumberJsonCannotCarry() {
        var broken = latency("node", "http", "n1", "n2", 0, Double.NaN);
        ReplayReport report = ReplayReport.of(input(), 60, List.of(), List.of(), List.of(broken), List.of());

        assertThatThrownBy(() -> writer.toJson(report)).hasMessageContaining("min_ms is NaN");
    }

    @Test
    void formatsTimesAsRfc3339Utc() {
        assertThat(ReportFormats.windowTime(Instant.parse("2021-10-04T11:22:00Z"))).isEqualTo("2021-10-04T11:22:00Z");
        assertThat(ReportFormats.eventTime(Instant.parse("2021-10-04T11:22:26Z"))).isEqualTo("2021-10-04T11:22:26.000000Z");
        assertThat(ReportFormats.eventTime(Instant.parse("2021-10-04T11:22:26.1234567Z")))
                .isEqualTo("2021-10-04T11:22:26.123456Z");
        assertThatThrownBy(() -> ReportFormats.windowTime(Instant.parse("2021-10-04T11:22:00.5Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundsHalfUpAndDropsTrailingZeros() {
        assertThat(ReportFormats.millis("x", 0.0005)).isEqualTo("0.001");
        assertThat(ReportFormats.millis("x", 0.0004)).isEqualTo("0");
        assertThat(ReportFormats.millis("x", 7.0)).isEqualTo("7");
        assertThat(ReportFormats.millis("x", 1234567.25)).isEqualTo("1234567.25");
        assertThat(ReportFormats.ratio("x", 1.0 / 3)).isEqualTo("0.333333");
        assertThat(ReportFormats.ratio("x", 1e-9)).isEqualTo("0");
    }

    private JsonNode parse(ReplayReport report) throws Exception {
        return MAPPER.readTree(writer.toJson(report));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
