package io.flowpulse.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A current ClickHouse release, embedded (chDB under node, installed by the build into
 * target/current-clickhouse): creates tables, loads rows and runs queries in one go.
 */
final class CurrentClickHouse {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Insert(String table, String jsonEachRow) {
    }

    record Query(String name, String sql) {
    }

    /** Rows of a query, or the error ClickHouse gave. */
    record Outcome(List<JsonNode> rows, String error) {
    }

    record Result(String version, Map<String, Outcome> outcomes) {
    }

    private CurrentClickHouse() {
    }

    static Result run(List<String> setup, List<Insert> inserts, List<Query> queries, Path workDir)
            throws IOException, InterruptedException {
        Path request = workDir.resolve("request.json");
        Path result = workDir.resolve("result.json");
        JSON.writeValue(request.toFile(), Map.of("setup", setup, "inserts", inserts, "queries", queries));
        Path dir = Path.of(System.getProperty("flowpulse.dashboards.current.dir", "target/current-clickhouse"));
        Process process = new ProcessBuilder(System.getProperty("flowpulse.dashboards.node", "node"),
                dir.resolve("run-sql.mjs").toString(), request.toString(), result.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("chDB finished").isTrue();
        assertThat(process.exitValue()).as("chDB run: %s", output).isZero();
        JsonNode root = JSON.readTree(result.toFile());
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        root.path("queries").fields().forEachRemaining(e -> {
            List<JsonNode> rows = new ArrayList<>();
            e.getValue().path("rows").forEach(rows::add);
            outcomes.put(e.getKey(), new Outcome(rows, e.getValue().path("error").asText(null)));
        });
        return new Result(root.path("version").asText(), outcomes);
    }
}
