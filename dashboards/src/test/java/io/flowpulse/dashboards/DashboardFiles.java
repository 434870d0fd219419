package io.flowpulse.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The dashboards in {@code dashboards/json} as the tests see them: variables and every panel query. */
final class DashboardFiles {

    static final String PLUGIN_TYPE = "grafana-clickhouse-datasource";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardFiles() {
    }

    /** The dashboards module directory (set by surefire / failsafe; the working directory otherwise). */
    static Path moduleDir() {
        return Path.of(System.getProperty("flowpulse.dashboards.dir", ".")).toAbsolutePath().normalize();
    }

    static Path jsonDir() {
        return moduleDir().resolve("json");
    }

    static List<Path> files() {
        try (Stream<Path> files = Files.list(jsonDir())) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            if (list.isEmpty()) {
                throw new IllegalStateException("no dashboards in " + jsonDir());
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<Dashboard> all() {
        return files().stream().map(DashboardFiles::load).toList();
    }

    static Dashboard load(Path file) {
        JsonNode root = read(file);
        List<Variable> variables = new ArrayList<>();
        for (JsonNode v : root.path("templating").path("list")) {
            List<String> current = new ArrayList<>();
            JsonNode value = v.path("current").path("value");
            if (value.isArray()) {
                value.forEach(x -> current.add(x.asText()));
            } else if (!value.isMissingNode()) {
                current.add(value.asText());
            }
            variables.add(new Variable(v.path("name").asText(), v.path("type").asText(), v.path("query").asText(),
                    v.path("multi").asBoolean(), v.path("includeAll").asBoolean(), List.copyOf(current)));
        }
        List<PanelQuery> queries = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new PanelQuery(panel.path("title").asText(), panel.path("type").asText(),
                        target.path("refId").asText(), target.path("rawSql").asText(), target.path("format").asInt(-1)));
            }
        }
        return new Dashboard(file, root.path("uid").asText(), root.path("title").asText(), List.copyOf(variables),
                List.copyOf(queries), root);
    }

    record Dashboard(Path file, String uid, String title, List<Variable> variables, List<PanelQuery> queries,
                     JsonNode json) {

        Variable variable(String name) {
            return variables.stream().filter(v -> v.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(title + " has no variable " + name));
        }

        PanelQuery query(String panelTitle) {
            return queries.stream().filter(q -> q.panelTitle().equals(panelTitle)).findFirst()
                    .orElseThrow(() -> new AssertionError(title + " has no panel " + panelTitle));
        }

        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    /** A template variable; {@code current} is the saved selection ({@code $__all} for "All"). */
    record Variable(String name, String type, String query, boolean multi, boolean includeAll, List<String> current) {
    }

    /** One target of one panel; format 0 = time series, 1 = table (plugin v4). */
    record PanelQuery(String panelTitle, String panelType, String refId, String rawSql, int format) {

        @Override
        public String toString() {
            return panelTitle + " [" + refId + "]";
        }
    }
}
