package io.flowpulse.ingest.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowpulse.schemas.avro.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and watches the cluster's nodes through the Kubernetes API (RBAC: get, list, watch
 * nodes) and reports each change. In a pod it uses the service account's token and CA.
 * When a watch ends or its resourceVersion expires (HTTP 410), it lists again.
 */
public final class KubernetesNodeWatcher {

    private static final Logger log = LoggerFactory.getLogger(KubernetesNodeWatcher.class);
    private static final Path SA = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What changed. */
    public interface Listener {
        void upserted(Node node);

        void deleted(String nodeName);
    }

    private final URI apiServer;
    private final String token;
    private final HttpClient http;
    private final SubnetRules subnets;

    public KubernetesNodeWatcher(URI apiServer, String token, HttpClient http, SubnetRules subnets) {
        this.apiServer = apiServer;
        this.token = token;
        this.http = http;
        this.subnets = subnets;
    }

    /** The watcher of the cluster this pod runs in. */
    public static KubernetesNodeWatcher inCluster(SubnetRules subnets) throws IOException {
        String host = System.getenv("KUBERNETES_SERVICE_HOST");
        String port = System.getenv().getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        if (host == null) {
            throw new IllegalStateException("not running in a Kubernetes pod (KUBERNETES_SERVICE_HOST unset);"
                    + " use a topology file instead");
        }
        String token = Files.readString(SA.resolve("token")).trim();
        try (InputStream ca = Files.newInputStream(SA.resolve("ca.crt"))) {
            HttpClient http = HttpClient.newBuilder().sslContext(trusting(ca))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            String h = host.contains(":") ? "[" + host + "]" : host;
            return new KubernetesNodeWatcher(URI.create("https://" + h + ":" + port), token, http, subnets);
        }
    }

    /** Lists, then watches, until stopped; failures are logged and retried with backoff. */
    public void run(Listener listener, BooleanSupplier stop) throws InterruptedException {
        long backoffMs = 500;
        while (!stop.getAsBoolean()) {
            try {
                String version = list(listener);
                backoffMs = 500;
                watch(version, listener, stop);
            } catch (IOException | RuntimeException e) {
                log.warn("Kubernetes node watch failed ({}); retrying in {} ms", e.getMessage(), backoffMs);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    String list(Listener listener) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = get("/api/v1/nodes");
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("GET /api/v1/nodes answered " + response.statusCode()
                        + ": " + new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            JsonNode list = JSON.readTree(body);
            for (JsonNode item : list.path("items")) {
                listener.upserted(KubernetesNodes.toNode(item, subnets));
            }
            return list.path("metadata").path("resourceVersion").asText("");
        }
    }

    private void watch(String version, Listener listener, BooleanSupplier stop) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = get("/api/v1/nodes?watch=true&allowWatchBookmarks=true"
                + (version.isEmpty() ? "" : "&resourceVersion=" + version));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                throw new IOException("watch of nodes answered " + response.statusCode());
            }
            String line;
            while (!stop.getAsBoolean() && (line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    handleEvent(JSON.readTree(line), listener);
                }
            }
        }
    }

    void handleEvent(JsonNode event, Listener listener) throws IOException {
        String type = event.path("type").asText();
        JsonNode object = event.path("object");
        switch (type) {
            case "ADDED", "MODIFIED" -> listener.upserted(KubernetesNodes.toNode(object, subnets));
            case "DELETED" -> listener.deleted(object.path("metadata").path("name").asText());
            case "BOOKMARK" -> { }
            case "ERROR" -> throw new IOException("watch error: " + object.path("message").asText());
            default -> log.warn("ignoring Kubernetes watch event of type '{}'", type);
        }
    }

    private HttpResponse<InputStream> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(apiServer.resolve(path)).header("Accept", "application/json");
        if (token != null && !token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static SSLContext trusting(InputStream caPem) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(caPem)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot load the service account CA: " + e.getMessage(), e);
        }
    }

}
