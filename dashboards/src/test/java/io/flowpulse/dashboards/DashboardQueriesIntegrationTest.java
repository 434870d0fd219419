package io.flowpulse.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpulse.dashboards.DashboardFiles.Dashboard;
import io.flowpulse.dashboards.DashboardFiles.PanelQuery;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.sink.ClickHouseWriter;
import io.flowpulse.sink.SinkMetrics;
import io.flowpulse.sink.SinkSettings;
import io.flowpulse.sink.schema.Migration;
import io.flowpulse.sink.schema.Migrations;
import io.flowpulse.sink.schema.ServerVersion;
import io.flowpulse.localstack.ClickHouseServer;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every panel's SQL, with its variables and the plugin's macros expanded, against the real
 * ClickHouse (Debian's 18.16) after the sink's migrations ran and windows were written through
 * the sink's {@link ClickHouseWriter}, each of them twice (a redelivery the dashboards must not
 * count twice).
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIntegrationTest {

    /** The range a viewer looks at: windows 10 to 89 (the timeline alert of window 5 started before it). */
    private static final Instant FROM = WindowFixtures.windowStart(10);
    private static final Instant TO = WindowFixtures.windowStart(WindowFixtures.WINDOWS);
    private static final QueryExpander GRAFANA = new QueryExpander(FROM, TO, 120);

    private final WindowFixtures fixtures = new WindowFixtures();
    /** The chDB release the build installs (dashboards/current-clickhouse/package-lock.json). */
    private static final String CURRENT_SERVER = "26.7";

    private PanelRunner runner;
    private ClickHouseServer clickHouse;

    @BeforeAll
    void loadWindowsThroughTheSink(ClickHouseServer server) throws Exception {
        runner = new PanelRunner(server, GRAFANA);
        clickHouse = server;
        SinkSettings settings = SinkSettings.of(Map.of("clickhouse.url", server.httpUrl(), "sink.retention.days", "0"));
        long written = 0;
        for (int delivery = 0; delivery < 2; delivery++) {
            try (ClickHouseWriter writer = ClickHouseWriter.open(settings, SinkMetrics.noop(), Duration.ofMinutes(1))) {
                writer.writeAll(fixtures.all());
                ClickHouseWriter.Result result = writer.flush();
                assertThat(result.rejected()).isEmpty();
                written += result.rowsWritten();
            }
        }
        assertThat(written).isEqualTo(2L * fixtures.all().size());
    }

    static Stream<Dashboard> dashboards() {
        return DashboardFiles.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void everyPanelReturnsRowsAtEveryLevelWithTheSavedSelections(Dashboard d) {
        Map<String, List<String>> saved = resolveVariables(d, Map.of());
        for (String level : options(d, "level", saved)) {
            Map<String, List<String>> vars = resolveVariables(d, Map.of("level", List.of(level)));
            for (PanelQuery q : d.queries()) {
                List<JsonNode> rows = run(d, q, vars);
                assertThat(rows).as("%s / %s at level %s returned no rows", d.title(), q, level).isNotEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void everyPanelRunsForEachSingleNamespaceAndSubnet(Dashboard d) {
        Map<String, List<String>> saved = resolveVariables(d, Map.of());
        for (String namespace : options(d, "namespace", saved)) {
            for (String subnet : options(d, "subnet", saved)) {
                Map<String, List<String>> vars = resolveVariables(d,
                        Map.of("namespace", List.of(namespace), "subnet", List.of(subnet)));
                for (PanelQuery q : d.queries()) {
                    run(d, q, vars); // ClickHouse accepts it; a narrow selection may well be empty
                }
            }
        }
    }

    @Test
    void variableOptionsAreTheValuesInTheTables() {
        Dashboard link = dashboard("flowpulse-link-health");
        Map<String, List<String>> vars = resolveVariables(link, Map.of());
        assertThat(options(link, "level", vars)).containsExactly("node", "subnet", "workload");
        assertThat(options(link, "namespace", vars)).containsExactly("pay", "reserved:world", "shop");
        assertThat(options(link, "subnet", vars)).containsExactly("external", "lab-a", "lab-b", "lab-c");
        assertThat(vars.get("level")).containsExactly("subnet");
        assertThat(vars.get("subnet")).containsExactly("external", "lab-a", "lab-b", "lab-c");
        Dashboard latency = dashboard("flowpulse-xsubnet-latency");
        assertThat(options(latency, "kind", resolveVariables(latency, Map.of()))).containsExactly("dns", "tcp_handshake");
    }

    @Test
    void linkTotalsCountEachRedeliveredWindowOnce() {
        Dashboard link = dashboard("flowpulse-link-health");
        JsonNode row = single(run(link, link.query("Traffic and drops"), resolveVariables(link, Map.of())));
        List<LinkWindow> subnetLinks = fixtures.links("subnet", FROM, TO);
        long forwards = subnetLinks.stream().mapToLong(LinkWindow::getForwarded).sum();
        long drops = subnetLinks.stream().mapToLong(LinkWindow::getDropped).sum();
        assertThat(row.path("forwards").asLong()).isEqualTo(forwards);
        assertThat(row.path("drops").asLong()).isEqualTo(drops);
        assertThat(row.path("drop_rate").asDouble()).isCloseTo(drops / (double) (forwards + drops), within(1e-12));
    }

    @Test
    void dropReasonsAreTheSumsOfTheWindowsReasons() {
        Dashboard link = dashboard("flowpulse-link-health");
        Map<String, Long> expected = WindowFixtures.sumReasons(fixtures.links("workload", FROM, TO));
        Map<String, Long> actual = new LinkedHashMap<>();
        for (JsonNode r : run(link, link.query("Drop reasons"),
                resolveVariables(link, Map.of("level", List.of("workload"))))) {
            actual.put(r.path("reason").asText(), r.path("drops").asLong());
        }
        assertThat(actual).isEqualTo(expected).containsKeys("POLICY_DENIED", "CT_MAP_INSERTION_FAILED");
    }

    @Test
    void dnsTotalsAndNxdomainRatio() {
        Dashboard dns = dashboard("flowpulse-dns-health");
        JsonNode row = single(run(dns, dns.query("DNS totals"), resolveVariables(dns, Map.of())));
        List<DnsWindow> windows = fixtures.dns(FROM, TO);
        long queries = windows.stream().mapToLong(DnsWindow::getQueries).sum();
        long responses = windows.stream().mapToLong(DnsWindow::getResponses).sum();
        long nxdomain = windows.stream().mapToLong(w -> w.getRcodes().getOrDefault("NXDOMAIN", 0L)).sum();
        assertThat(row.path("total_queries").asLong()).isEqualTo(queries);
        assertThat(row.path("total_responses").asLong()).isEqualTo(responses);
        assertThat(row.path("nxdomain_ratio").asDouble()).isCloseTo(nxdomain / (double) responses, within(1e-12));
    }

    @Test
    void alertTimelineStartsAnAlertStillFiringAtTheBeginningOfTheRange() {
        Dashboard latency = dashboard("flowpulse-xsubnet-latency");
        List<String> lanes = new ArrayList<>();
        for (JsonNode r : run(latency, latency.query("Cross-subnet latency alerts: timeline"),
                resolveVariables(latency, Map.of()))) {
            lanes.add(r.path("time").asText() + " " + r.path("id").asText() + " " + r.path("firing").asInt());
        }
        assertThat(lanes).containsExactly(
                "2026-11-24 10:10:00 XSUBNET_LATENCY:subnet:lab-b->lab-c 1",
                "2026-11-24 10:20:00 XSUBNET_JITTER:subnet:lab-a->lab-c 1",
                "2026-11-24 10:20:00 XSUBNET_LATENCY:subnet:lab-a->lab-c 1",
                "2026-11-24 10:37:00 XSUBNET_JITTER:subnet:lab-a->lab-c 0",
                "2026-11-24 10:37:00 XSUBNET_LATENCY:subnet:lab-a->lab-c 0");
    }

    @Test
    void matrixHasOneCellPerSubnetPairWithTheWorstP99() {
        Dashboard latency = dashboard("flowpulse-xsubnet-latency");
        List<JsonNode> cells = run(latency, latency.query("p99 matrix (source rows x destination columns)"),
                resolveVariables(latency, Map.of()));
        assertThat(cells).hasSize(9);
        double worst = fixtures.latency.stream().filter(l -> l.getLevel().equals("subnet")
                        && l.getKind().equals("tcp_handshake") && l.getSrc().equals("lab-a") && l.getDst().equals("lab-c")
                        && !l.getWindowStart().isBefore(FROM))
                .mapToDouble(l -> l.getP99Ms()).max().orElseThrow();
        assertThat(cells).anySatisfy(c -> {
            assertThat(c.path("src").asText() + "->" + c.path("dst").asText()).isEqualTo("lab-a->lab-c");
            assertThat(c.path("p99_ms_worst").asDouble()).isEqualTo(worst);
        });
    }

    /**
     * The same expanded SQL on a current ClickHouse release (chDB), over the schema the sink's
     * migrations create there and the rows the sink wrote to 18.16 (both deliveries): every
     * panel at every level and every variable query gives the same rows.
     */
    @Test
    void everyQueryGivesTheSameRowsOnACurrentClickHouse(@TempDir Path dir) throws Exception {
        List<String> setup = new ArrayList<>(List.of("SET session_timezone = 'UTC'", "CREATE DATABASE flowpulse"));
        for (Migration m : Migrations.ALL) {
            setup.addAll(m.render("flowpulse", ServerVersion.parse(CURRENT_SERVER)));
        }
        List<CurrentClickHouse.Insert> inserts = new ArrayList<>();
        for (String table : List.of("link_windows", "dns_windows", "latency_windows", "alerts")) {
            inserts.add(new CurrentClickHouse.Insert("flowpulse." + table,
                    clickHouse.query("SELECT * FROM flowpulse." + table + " FORMAT JSONEachRow")));
        }
        Map<String, List<JsonNode>> old = new LinkedHashMap<>();
        List<CurrentClickHouse.Query> queries = new ArrayList<>();
        for (Dashboard d : DashboardFiles.all()) {
            Map<String, List<String>> saved = resolveVariables(d, Map.of());
            for (DashboardFiles.Variable v : d.variables()) {
                if (v.type().equals("query")) {
                    PanelQuery asQuery = new PanelQuery("variable $" + v.name(), "variable", "-", v.query(), 1);
                    String name = d.uid() + " / " + asQuery;
                    queries.add(new CurrentClickHouse.Query(name, runner.expand(asQuery, saved)));
                    old.put(name, run(d, asQuery, saved));
                }
            }
            for (String level : options(d, "level", saved)) {
                Map<String, List<String>> vars = resolveVariables(d, Map.of("level", List.of(level)));
                for (PanelQuery q : d.queries()) {
                    String name = d.uid() + " / " + q + " / " + level;
                    queries.add(new CurrentClickHouse.Query(name, runner.expand(q, vars)));
                    old.put(name, run(d, q, vars));
                }
            }
        }
        CurrentClickHouse.Result current = CurrentClickHouse.run(setup, inserts, queries, dir);
        assertThat(current.version()).startsWith(CURRENT_SERVER.substring(0, 3));
        for (Map.Entry<String, List<JsonNode>> e : old.entrySet()) {
            CurrentClickHouse.Outcome outcome = current.outcomes().get(e.getKey());
            assertThat(outcome.error()).as("%s on ClickHouse %s", e.getKey(), current.version()).isNull();
            assertThat(values(outcome.rows())).as("%s on ClickHouse %s vs 18.16", e.getKey(), current.version())
                    .usingElementComparator(DashboardQueriesIntegrationTest::compareValues)
                    .containsExactlyElementsOf(values(e.getValue())).isNotEmpty();
        }
    }

    /** Every value of every row, in order, as text (18.16 quotes 64-bit integers in JSON, current releases do not). */
    private static List<String> values(List<JsonNode> rows) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : rows) {
            row.elements().forEachRemaining(v -> out.add(v.asText()));
        }
        return out;
    }

    /** Equal text, or numbers equal up to the last digits of a double (the two versions print floats differently). */
    private static int compareValues(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        try {
            double x = Double.parseDouble(a);
            double y = Double.parseDouble(b);
            return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y))) ? 0 : Double.compare(x, y);
        } catch (NumberFormatException notNumbers) {
            return a.compareTo(b);
        }
    }

    private Dashboard dashboard(String uid) {
        return DashboardFiles.all().stream().filter(d -> d.uid().equals(uid)).findFirst().orElseThrow();
    }

    private Map<String, List<String>> resolveVariables(Dashboard d, Map<String, List<String>> chosen) {
        return runner.resolve(d, chosen);
    }

    private List<String> options(Dashboard d, String name, Map<String, List<String>> resolved) {
        return runner.options(d, name, resolved);
    }

    private List<JsonNode> run(Dashboard d, PanelQuery q, Map<String, List<String>> vars) {
        return runner.run(d, q, vars);
    }

    private static JsonNode single(List<JsonNode> rows) {
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
