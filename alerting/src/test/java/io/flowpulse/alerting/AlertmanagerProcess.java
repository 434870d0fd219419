package io.flowpulse.alerting;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus Alertmanager as a child process on a free loopback port, with a config of
 * the test's own: one route, grouping by alert, notifying {@code receiverUrl} of firing and
 * resolved alerts within about a second; no cluster. A missing binary fails the test.
 */
final class AlertmanagerProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    private AlertmanagerProcess(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    static AlertmanagerProcess start(Path dir, String receiverUrl) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is missing: install Debian's prometheus-alertmanager (apt-get install -y "
                    + "prometheus-alertmanager; scripts/run-tests.sh does)");
        }
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, String.join("\n",
                "route:",
                "  receiver: test",
                "  group_by: ['flowpulse_id']",
                "  group_wait: 1s",
                "  group_interval: 1s",
                "  repeat_interval: 1h",
                "receivers:",
                "  - name: test",
                "    webhook_configs:",
                "      - url: '" + receiverUrl + "'",
                "        send_resolved: true",
                ""));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("alertmanager.log");
        Files.createDirectories(dir.resolve("data"));
        Process process = new ProcessBuilder(BINARY.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AlertmanagerProcess am = new AlertmanagerProcess(process, log, "http://127.0.0.1:" + port);
        am.awaitReady(Duration.ofSeconds(30));
        return am;
    }

    String url() {
        return url;
    }

    /** {@code GET /api/v2/alerts} with these label matchers, e.g. {@code flowpulse_id="..."}. */
    List<JsonNode> alerts(String... matchers) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder();
        for (String m : matchers) {
            query.append(query.isEmpty() ? "?" : "&").append("filter=").append(URLEncoder.encode(m, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts" + query))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /api/v2/alerts answered " + response.statusCode() + ": " + response.body());
        }
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(response.body()).forEach(out::add);
        return out;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                fail("alertmanager exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        fail("alertmanager not ready within " + timeout + ":\n" + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
