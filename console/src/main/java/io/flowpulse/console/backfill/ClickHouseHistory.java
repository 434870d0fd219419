package io.flowpulse.console.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpulse.console.json.RecordJson;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.NameCount;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent past from the sink's ClickHouse tables ({@code FINAL}: each window once): the
 * windows and alerts whose window ended within the history's age, newest {@code limit} per table,
 * as the same Avro records the topics carry, oldest window first. Plain SQL over the HTTP
 * interface, so it works with old servers too.
 */
public final class ClickHouseHistory {

    private final HttpClient http;
    private final String url;
    private final String user;
    private final String password;
    private final String database;

    public ClickHouseHistory(String url, String user, String password, String database) {
        this(url, user, password, database, null);
    }

    /** @param sslContext the trust (a private CA) of an https:// URL; null for the JVM's default */
    public ClickHouseHistory(String url, String user, String password, String database,
                             javax.net.ssl.SSLContext sslContext) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (sslContext != null) {
            client.sslContext(sslContext);
        }
        this.http = client.build();
        this.url = url.endsWith("/") ? url : url + "/";
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /** Windows and alerts of the last {@code maxAge}, at most {@code limit} per table, in window-end order. */
    public List<Object> load(Duration maxAge, int limit) throws IOException, InterruptedException {
        long seconds = Math.max(1, maxAge.toSeconds());
        List<Object> out = new ArrayList<>();
        for (JsonNode r : rows("SELECT level, src, dst, toUnixTimestamp(window_start) AS ws, toUnixTimestamp(window_end) AS we, "
                + "forwarded, dropped, other, drop_rate, drop_reasons.name AS rn, drop_reasons.count AS rc FROM "
                + database + ".link_windows FINAL", seconds, limit)) {
            out.add(LinkWindow.newBuilder().setLevel(r.path("level").asText()).setSrc(r.path("src").asText())
                    .setDst(r.path("dst").asText()).setWindowStart(time(r, "ws")).setWindowEnd(time(r, "we"))
                    .setForwarded(r.path("forwarded").asLong()).setDropped(r.path("dropped").asLong())
                    .setOther(r.path("other").asLong()).setDropRate(r.path("drop_rate").asDouble())
                    .setDropReasons(counts(r.path("rn"), r.path("rc"))).build());
        }
        for (JsonNode r : rows("SELECT client, toUnixTimestamp(window_start) AS ws, toUnixTimestamp(window_end) AS we, queries, "
                + "responses, rcodes.name AS cn, rcodes.count AS cc, latency_ms_p50 AS p50, latency_ms_p95 AS p95, "
                + "latency_ms_p99 AS p99, latency_ms_max AS pmax, distinct_names, top_nxdomain.name AS nn, "
                + "top_nxdomain.count AS nc, suspicious_names FROM " + database + ".dns_windows FINAL", seconds, limit)) {
            List<NameCount> top = new ArrayList<>();
            for (int i = 0; i < r.path("nn").size(); i++) {
                top.add(new NameCount(r.path("nn").get(i).asText(), r.path("nc").get(i).asLong()));
            }
            List<String> suspicious = new ArrayList<>();
            r.path("suspicious_names").forEach(n -> suspicious.add(n.asText()));
            DnsLatency latency = r.path("p50").isNull() || r.path("p50").isMissingNode() ? null
                    : new DnsLatency(r.path("p50").asDouble(), r.path("p95").asDouble(), r.path("p99").asDouble(),
                    r.path("pmax").asDouble());
            out.add(DnsWindow.newBuilder().setClient(r.path("client").asText()).setWindowStart(time(r, "ws"))
                    .setWindowEnd(time(r, "we")).setQueries(r.path("queries").asLong())
                    .setResponses(r.path("responses").asLong()).setRcodes(counts(r.path("cn"), r.path("cc")))
                    .setLatencyMs(latency).setDistinctNames(r.path("distinct_names").asLong()).setTopNxdomain(top)
                    .setSuspiciousNames(suspicious).build());
        }
        for (JsonNode r : rows("SELECT level, kind, src, dst, toUnixTimestamp(window_start) AS ws, toUnixTimestamp(window_end) AS we, "
                + "samples, min_ms, p50_ms, p90_ms, p99_ms, max_ms, mean_ms, stddev_ms, jitter_ms, exact FROM "
                + database + ".latency_windows FINAL", seconds, limit)) {
            out.add(LatencyWindow.newBuilder().setLevel(r.path("level").asText()).setKind(r.path("kind").asText())
                    .setSrc(r.path("src").asText()).setDst(r.path("dst").asText()).setWindowStart(time(r, "ws"))
                    .setWindowEnd(time(r, "we")).setSamples(r.path("samples").asLong())
                    .setMinMs(r.path("min_ms").asDouble()).setP50Ms(r.path("p50_ms").asDouble())
                    .setP90Ms(r.path("p90_ms").asDouble()).setP99Ms(r.path("p99_ms").asDouble())
                    .setMaxMs(r.path("max_ms").asDouble()).setMeanMs(r.path("mean_ms").asDouble())
                    .setStddevMs(r.path("stddev_ms").asDouble()).setJitterMs(r.path("jitter_ms").asDouble())
                    .setExact(r.path("exact").asInt() != 0).build());
        }
        for (JsonNode r : rows("SELECT id, kind, severity, subject, state, toUnixTimestamp(window_start) AS ws, "
                + "toUnixTimestamp(window_end) AS we, value, threshold, message FROM " + database + ".alerts FINAL",
                seconds, limit)) {
            out.add(Alert.newBuilder().setId(r.path("id").asText()).setKind(r.path("kind").asText())
                    .setSeverity(r.path("severity").asText()).setSubject(r.path("subject").asText())
                    .setState(r.path("state").asText()).setWindowStart(time(r, "ws")).setWindowEnd(time(r, "we"))
                    .setValue(r.path("value").asDouble()).setThreshold(r.path("threshold").asDouble())
                    .setMessage(r.path("message").asText()).build());
        }
        out.sort(Comparator.comparing(ClickHouseHistory::windowEnd).thenComparing(ClickHouseHistory::order));
        return out;
    }

    private List<JsonNode> rows(String select, long seconds, int limit) throws IOException, InterruptedException {
        String sql = select + " WHERE window_end >= now() - " + seconds + " ORDER BY window_end DESC LIMIT " + limit
                + " FORMAT JSONEachRow";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "?query="
                        + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).GET();
        if (user != null && !user.isEmpty()) {
            request.header("X-ClickHouse-User", user);
        }
        if (password != null && !password.isEmpty()) {
            request.header("X-ClickHouse-Key", password);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("ClickHouse answered " + response.statusCode() + ": "
                    + response.body().lines().findFirst().orElse(""));
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                out.add(RecordJson.mapper().readTree(line));
            }
        }
        return out;
    }

    private static Instant time(JsonNode row, String field) {
        return Instant.ofEpochSecond(row.path(field).asLong());
    }

    private static Map<String, Long> counts(JsonNode names, JsonNode counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size() && i < counts.size(); i++) {
            out.put(names.get(i).asText(), counts.get(i).asLong());
        }
        return out;
    }

    private static Instant windowEnd(Object o) {
        if (o instanceof LinkWindow l) {
            return l.getWindowEnd();
        }
        if (o instanceof DnsWindow d) {
            return d.getWindowEnd();
        }
        if (o instanceof LatencyWindow w) {
            return w.getWindowEnd();
        }
        return ((Alert) o).getWindowEnd();
    }

    /** Within one window end: windows before alerts, a FIRING before its RESOLVED. */
    private static String order(Object o) {
        return o instanceof Alert a ? "z" + (a.getState().equals("FIRING") ? "0" : "1") : "a";
    }
}
