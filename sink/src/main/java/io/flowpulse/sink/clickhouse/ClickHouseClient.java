package io.flowpulse.sink.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * ClickHouse's HTTP interface over {@code java.net.http}: SQL in the request body, inserts
 * as RowBinary bodies. Never asks for {@code compress=1} (ClickHouse 18.16 answers it with
 * an empty 200). Thread-safe.
 */
public final class ClickHouseClient {

    private final URI baseUrl;
    private final String authorization;
    private final Duration requestTimeout;
    private final HttpClient http;

    public ClickHouseClient(String url, String user, String password, Duration requestTimeout) {
        this(url, user, password, requestTimeout, null);
    }

    /** @param sslContext the trust (a private CA) of an https:// URL; null for the JVM's default */
    public ClickHouseClient(String url, String user, String password, Duration requestTimeout, SSLContext sslContext) {
        String u = url.endsWith("/") ? url : url + "/";
        this.baseUrl = URI.create(u);
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("ClickHouse URL must be http:// or https://, got " + url);
        }
        this.authorization = user == null || user.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = requestTimeout;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1);
        if (sslContext != null) {
            client.sslContext(sslContext);
        }
        this.http = client.build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Runs a statement and returns the response body (use {@code FORMAT TSV} for easy parsing). */
    public String query(String sql) throws ClickHouseException {
        HttpRequest request = request(baseUrl).POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        return send(request, firstLine(sql));
    }

    /** Rows of a {@code FORMAT TSV} query, each split into its fields. */
    public List<String[]> queryTsv(String sql) throws ClickHouseException {
        String body = query(sql + " FORMAT TSV");
        List<String[]> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    public String version() throws ClickHouseException {
        return query("SELECT version()").strip();
    }

    /** Inserts {@code length} bytes of RowBinary rows into {@code db.table (columns)}. */
    public void insertRowBinary(String qualifiedTable, List<String> columns, byte[] data, int offset, int length)
            throws ClickHouseException {
        String sql = "INSERT INTO " + qualifiedTable + " (" + String.join(", ", columns) + ") FORMAT RowBinary";
        URI uri = baseUrl.resolve("?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
        HttpRequest request = request(uri).POST(HttpRequest.BodyPublishers.ofByteArray(data, offset, length)).build();
        send(request, "INSERT INTO " + qualifiedTable);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private String send(HttpRequest request, String what) throws ClickHouseException {
        HttpResponse<String> response;
        try {
            response = sendRetryingStaleConnection(request);
        } catch (IOException e) {
            throw ClickHouseException.unreachable(what + " at " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClickHouseException.unreachable(what, e);
        }
        if (response.statusCode() != 200) {
            throw ClickHouseException.fromResponse(what, response.statusCode(), response.body());
        }
        return response.body();
    }

    /**
     * Sends a request; a request that failed on a pooled connection the server had already
     * closed (ClickHouse closes idle keep-alive connections after a few seconds) is sent once
     * more on a fresh one. Timeouts are not repeated here.
     */
    private HttpResponse<String> sendRetryingStaleConnection(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    private static String firstLine(String sql) {
        String s = sql.strip();
        int nl = s.indexOf('\n');
        s = nl < 0 ? s : s.substring(0, nl);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
