package io.flowpulse.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpulse.dashboards.DashboardFiles.Dashboard;
import io.flowpulse.dashboards.DashboardFiles.PanelQuery;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the issue asks of every dashboard, checked on the JSON itself. */
class DashboardStructureTest {

    private static final Pattern TABLE_READ = Pattern.compile("FROM\\s+flowpulse\\.(\\w+)(\\s+FINAL)?");
    private static final Set<String> WINDOW_TABLES =
            Set.of("link_windows", "dns_windows", "latency_windows", "alerts", "flows");

    static Stream<Dashboard> dashboards() {
        return DashboardFiles.all().stream();
    }

    @Test
    void threeDashboardsWithDistinctUids() {
        assertThat(DashboardFiles.all()).extracting(Dashboard::uid).containsExactlyInAnyOrder(
                "flowpulse-link-health", "flowpulse-dns-health", "flowpulse-xsubnet-latency");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void levelNamespaceAndSubnetAreClickHouseQueryVariables(Dashboard d) {
        for (String name : List.of("level", "namespace", "subnet")) {
            DashboardFiles.Variable v = d.variable(name);
            assertThat(v.type()).isEqualTo("query");
            assertThat(v.query()).startsWith("SELECT").contains("FROM flowpulse.");
        }
        assertThat(d.variable("namespace").includeAll()).isTrue();
        assertThat(d.variable("subnet").multi()).isTrue();
        assertThat(d.variable("datasource").type()).isEqualTo("datasource");
        assertThat(d.variable("datasource").query()).isEqualTo(DashboardFiles.PLUGIN_TYPE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void everyPanelAndVariableQueriesThePluginThroughTheDatasourceVariable(Dashboard d) {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : d.json().path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id in %s", d).isTrue();
            assertThat(panel.path("targets")).as("targets of %s", panel.path("title")).isNotEmpty();
            for (JsonNode ref : List.of(panel.path("datasource"), panel.path("targets").get(0).path("datasource"))) {
                assertThat(ref.path("type").asText()).isEqualTo(DashboardFiles.PLUGIN_TYPE);
                assertThat(ref.path("uid").asText()).isEqualTo("${datasource}");
            }
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("editorType").asText()).isEqualTo("sql");
                assertThat(target.path("format").asInt()).isIn(0, 1);
            }
        }
        for (JsonNode v : d.json().path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                assertThat(v.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void panelsReadTheDeduplicatedTables(Dashboard d) {
        for (PanelQuery q : d.queries()) {
            Matcher m = TABLE_READ.matcher(q.rawSql());
            int reads = 0;
            while (m.find()) {
                reads++;
                assertThat(m.group(1)).isIn(WINDOW_TABLES);
                assertThat(m.group(2)).as("%s reads flowpulse.%s with FINAL", q, m.group(1)).isNotNull();
            }
            assertThat(reads).as("%s reads a flowpulse table", q).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void alertTimelineOfStateChanges(Dashboard d) {
        List<PanelQuery> timelines = d.queries().stream().filter(q -> q.panelType().equals("state-timeline")).toList();
        assertThat(timelines).hasSize(1);
        assertThat(timelines.get(0).rawSql()).contains("FROM flowpulse.alerts FINAL").contains("'FIRING'");
        assertThat(timelines.get(0).format()).as("time series").isZero();
        assertThat(d.queries()).anySatisfy(q -> assertThat(q.rawSql())
                .contains("FROM flowpulse.alerts FINAL").contains("state").contains("message"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void sqlAvoidsWhatClickHouse1816Lacks(Dashboard d) {
        for (PanelQuery q : d.queries()) {
            String sql = q.rawSql().toUpperCase();
            assertThat(sql).as("%s", q).doesNotContain("WITH FILL").doesNotContain(" OVER (").doesNotContain(" OVER(")
                    .doesNotContain("TOSTARTOFINTERVAL").doesNotContain("DATETIME64").doesNotContain("$__TIMEINTERVAL");
            assertThat(sql.split("\\bJOIN\\b", -1).length - 1 - count(sql, "ARRAY JOIN"))
                    .as("%s: at most one (non-array) JOIN", q).isLessThanOrEqualTo(1);
            assertThat(sql.strip()).as("%s: no CTE", q).doesNotStartWith("WITH");
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
