package io.flowpulse.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowpulse.dashboards.DashboardFiles.Dashboard;
import io.flowpulse.dashboards.DashboardFiles.PanelQuery;
import io.flowpulse.dashboards.DashboardFiles.Variable;
import io.flowpulse.localstack.ClickHouseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays Grafana for one time range: resolves a dashboard's query variables against ClickHouse,
 * expands a panel's SQL like the plugin and returns the rows ClickHouse answers.
 */
final class PanelRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DASHBOARD_DATABASE = "flowpulse";

    private final ClickHouseServer clickHouse;
    private final QueryExpander grafana;
    private final String database;

    /**
     * @param database where the tables are: the dashboards read {@code flowpulse.<table>}; another
     *                 database is substituted as docs/dashboards.md tells users of {@code --database} to
     */
    PanelRunner(ClickHouseServer clickHouse, QueryExpander grafana, String database) {
        this.clickHouse = clickHouse;
        this.grafana = grafana;
        this.database = database;
    }

    PanelRunner(ClickHouseServer clickHouse, QueryExpander grafana) {
        this(clickHouse, grafana, DASHBOARD_DATABASE);
    }

    private String inDatabase(String sql) {
        return database.equals(DASHBOARD_DATABASE) ? sql
                : sql.replaceAll("\\b" + DASHBOARD_DATABASE + "\\.", database + ".");
    }

    /**
     * The query variables in dashboard order, each query expanded with the ones before it, as
     * Grafana does: the saved selection ("All" = every option) unless {@code chosen} overrides it.
     * Every variable must have options and the selection must be among them.
     */
    Map<String, List<String>> resolve(Dashboard d, Map<String, List<String>> chosen) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Variable v : d.variables()) {
            if (!v.type().equals("query")) {
                continue;
            }
            List<String> options = options(v, values);
            assertThat(options).as("options of $%s in %s", v.name(), d).isNotEmpty();
            List<String> selected = chosen.getOrDefault(v.name(),
                    v.current().equals(List.of("$__all")) ? options : v.current());
            assertThat(options).as("options of $%s in %s", v.name(), d).containsAll(selected);
            values.put(v.name(), selected);
        }
        return values;
    }

    /** Options of one variable, given the selections of the variables before it. */
    List<String> options(Dashboard d, String name, Map<String, List<String>> resolved) {
        Map<String, List<String>> before = new LinkedHashMap<>();
        for (Variable v : d.variables()) {
            if (v.name().equals(name)) {
                return options(v, before);
            }
            if (resolved.containsKey(v.name())) {
                before.put(v.name(), resolved.get(v.name()));
            }
        }
        throw new AssertionError(d + " has no variable " + name);
    }

    private List<String> options(Variable v, Map<String, List<String>> before) {
        List<String> options = new ArrayList<>();
        for (JsonNode row : query(inDatabase(grafana.expand(v.query(), before)))) {
            options.add(row.elements().next().asText());
        }
        return options;
    }

    /** The SQL the plugin would send for this panel query and these selections. */
    String expand(PanelQuery q, Map<String, List<String>> vars) {
        return inDatabase(grafana.expand(q.rawSql(), vars));
    }

    List<JsonNode> run(Dashboard d, PanelQuery q, Map<String, List<String>> vars) {
        String sql = expand(q, vars);
        try {
            return query(sql);
        } catch (IllegalStateException e) {
            throw new AssertionError(d.title() + " / " + q + " failed on ClickHouse "
                    + clickHouse.query("SELECT version()").strip() + ":\n" + sql, e);
        }
    }

    private List<JsonNode> query(String sql) {
        try {
            JsonNode result = JSON.readTree(clickHouse.query(sql + "\nFORMAT JSON"));
            List<JsonNode> rows = new ArrayList<>();
            result.path("data").forEach(rows::add);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
