package io.flowpulse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.flowpulse.localstack.ClickHouseServer;
import io.flowpulse.localstack.KafkaBroker;
import io.flowpulse.localstack.SchemaRegistry;
import io.flowpulse.testing.LocalStackExtension;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's) scraping the services as they are deployed, evaluating the shipped
 * alert rules. The services run from the packaged distribution through the image's launcher, with
 * the JVM options and RocksDB budget of the base Kubernetes manifests: the simulator as Hubble
 * Relay, ingest following it, streams, sink and console on a local Kafka, registry and ClickHouse.
 * Prometheus scrapes them under the job names the ServiceMonitor gives them and loads the rules of
 * the PrometheusRule with every {@code for} shortened to a few seconds (the expressions are the
 * shipped ones). Then the relay is stopped, and FlowpulseIngestDisconnected must fire.
 */
@ExtendWith(LocalStackExtension.class)
class PrometheusAlertingIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Meters created on first use (a dead letter of some reason): the unit test finds them in the sources. */
    private static final Set<String> CREATED_ON_FIRST_USE = Set.of("flowpulse_sink_dead_letters_total");
    private final List<Process> started = new ArrayList<>();

    @Test
    void prometheusScrapesEveryServiceAndIngestDisconnectedFiresWhenTheRelayStops(KafkaBroker kafka,
            SchemaRegistry registry, ClickHouseServer clickHouse, @TempDir Path dir) throws Exception {
        Manifests.Rendered base = Manifests.render("k8s/base");
        Map<String, PodTemplateSpec> templates = KubernetesManifestsTest.templates(base);
        PrometheusRule rule = Manifests.render("k8s/overlays/production").all(PrometheusRule.class).get(0);
        Path home = distribution(dir);
        String run = "prom" + Long.toString(System.nanoTime(), 36);

        try {
            int relayPort = freePort();
            Path topology = dir.resolve("topology.yaml");
            Process relay = flowpulse(home, dir, "simulator", Map.of("FLOWPULSE_JAVA_OPTS", "-Xmx256m"),
                    "simulate", "--listen", "127.0.0.1:" + relayPort, "--topology-out", topology.toString(),
                    "--rate", "300", "--progress-seconds", "0");
            await("the simulator serves", Duration.ofSeconds(60), () -> Files.exists(topology) && listening(relayPort));

            Map<String, Integer> ports = new LinkedHashMap<>();
            Map<String, String> common = new HashMap<>(Map.of(
                    "FLOWPULSE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "FLOWPULSE_SCHEMA_REGISTRY_URL", registry.url(),
                    "FLOWPULSE_HTTP_HOST", "127.0.0.1",
                    "FLOWPULSE_TOPICS_PARTITIONS", "2",
                    "FLOWPULSE_LOG_FORMAT", "text"));
            for (String topic : List.of("flows", "nodes", "links", "dns", "latency", "alerts", "dlq")) {
                common.put("FLOWPULSE_TOPICS_" + topic.toUpperCase(), run + "." + topic);
            }
            for (String workload : KubernetesManifestsTest.WORKLOADS) {
                Map<String, String> env = new HashMap<>(common);
                Container container = templates.get(workload).getSpec().getContainers().get(0);
                Map<String, String> manifestEnv = KubernetesManifestsTest.env(container);
                env.put("FLOWPULSE_JAVA_OPTS", manifestEnv.get("FLOWPULSE_JAVA_OPTS"));
                int port = freePort();
                ports.put(workload, port);
                env.put("FLOWPULSE_HTTP_PORT", Integer.toString(port));
                List<String> args = switch (workload) {
                    case "ingest" -> List.of("ingest", "--relay", "127.0.0.1:" + relayPort, "--topology", topology.toString());
                    case "streams" -> {
                        env.put("FLOWPULSE_STREAMS_APPLICATION_ID", run + "-streams");
                        env.put("FLOWPULSE_STREAMS_STATE_DIR", dir.resolve("state").toString());
                        env.put("FLOWPULSE_STREAMS_ROCKSDB_MEMORY_MIB", manifestEnv.get("FLOWPULSE_STREAMS_ROCKSDB_MEMORY_MIB"));
                        env.put("MALLOC_ARENA_MAX", manifestEnv.get("MALLOC_ARENA_MAX"));
                        yield List.of("streams");
                    }
                    case "sink" -> {
                        env.put("FLOWPULSE_CLICKHOUSE_URL", clickHouse.httpUrl());
                        env.put("FLOWPULSE_CLICKHOUSE_DATABASE", run);
                        env.put("FLOWPULSE_SINK_GROUP_ID", run + "-sink");
                        yield List.of("sink");
                    }
                    case "console" -> List.of("console", "--host", "127.0.0.1", "--port", Integer.toString(freePort()));
                    default -> throw new AssertionError(workload);
                };
                flowpulse(home, dir, workload, env, args.toArray(String[]::new));
            }
            for (Map.Entry<String, Integer> e : ports.entrySet()) {
                await(e.getKey() + " ready", Duration.ofMinutes(2), () -> status(e.getValue(), "/health/ready") == 200);
            }

            // Prometheus as the ServiceMonitor sets it up: one job per Service, named after it
            int prometheusPort = freePort();
            Files.writeString(dir.resolve("rules.yaml"), Manifests.rulesFile(rule, "5s", true));
            StringBuilder config = new StringBuilder("""
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - rules.yaml
                    scrape_configs:
                    """);
            Map<String, String> jobs = new LinkedHashMap<>();
            for (String workload : ports.keySet()) {
                Service service = base.one(Service.class, "flowpulse-" + workload);
                assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getName().equals("http"));
                jobs.put(workload, service.getMetadata().getName());
                config.append("  - job_name: ").append(service.getMetadata().getName()).append('\n')
                        .append("    metrics_path: /metrics\n")
                        .append("    static_configs:\n")
                        .append("      - targets: ['127.0.0.1:").append(ports.get(workload)).append("']\n");
            }
            Files.writeString(dir.resolve("prometheus.yml"), config);
            Process check = new ProcessBuilder("promtool", "check", "config", dir.resolve("prometheus.yml").toString())
                    .redirectErrorStream(true).start();
            String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0).as(checked).isTrue();
            Process prometheus = start(dir, "prometheus", Map.of(), List.of("prometheus",
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--storage.tsdb.retention.time=1h",
                    "--web.listen-address=127.0.0.1:" + prometheusPort));
            String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";
            await("Prometheus scrapes every service", Duration.ofSeconds(60), () -> {
                JsonNode targets = get(api + "targets?state=active").path("data").path("activeTargets");
                int up = 0;
                for (JsonNode t : targets) {
                    up += "up".equals(t.path("health").asText()) ? 1 : 0;
                }
                return up == jobs.size();
            });
            await("flows counted", Duration.ofSeconds(60), () -> !get(api + "query?query="
                    + encode("flowpulse_ingest_flows_total > 0")).path("data").path("result").isEmpty());

            // every metric the rules read is one the services export
            await("the rules' metrics are scraped", Duration.ofSeconds(30), () -> missing(api, rule).isEmpty());

            // while ingest follows the relay: readiness passes the compose health check, no disconnection
            Path launcher = Repository.root().resolve("docker/flowpulse");
            String ingestReady = "http://127.0.0.1:" + ports.get("ingest") + "/health/ready";
            assertThat(healthCheck(launcher, home, ingestReady)).isZero();
            await("streams RUNNING: FlowpulseStreamsNotRunning resolved", Duration.ofSeconds(60),
                    () -> alert(api, "FlowpulseStreamsNotRunning") == null);
            Thread.sleep(8_000); // longer than the shortened 'for'
            assertThat(alert(api, "FlowpulseIngestDisconnected")).as("before the relay stops").isNull();

            relay.destroy();
            assertThat(relay.waitFor(60, TimeUnit.SECONDS)).isTrue();
            await("FlowpulseIngestDisconnected firing", Duration.ofSeconds(90), () -> {
                JsonNode alert = alert(api, "FlowpulseIngestDisconnected");
                return alert != null && alert.path("state").asText().equals("firing");
            });
            JsonNode fired = alert(api, "FlowpulseIngestDisconnected");
            assertThat(fired.path("labels").path("job").asText()).isEqualTo(jobs.get("ingest"));
            assertThat(fired.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(fired.path("annotations").path("description").asText()).contains("127.0.0.1:" + ports.get("ingest"));
            assertThat(healthCheck(launcher, home, ingestReady)).as("the compose health check of ingest fails").isEqualTo(1);

            // none of the services grew past its pod's memory limit on the way
            for (Process p : started) {
                if (p == prometheus || p == relay || !p.isAlive()) {
                    continue;
                }
                String workload = workloadOf(p);
                Quantity limit = templates.get(workload).getSpec().getContainers().get(0).getResources().getLimits()
                        .get("memory");
                assertThat(rssBytes(p)).as(workload + " resident memory").isLessThan(
                        Quantity.getAmountInBytes(limit).longValue());
            }
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e.getMessage() + "\n" + logs(dir), e);
        } finally {
            for (Process p : started) {
                p.destroy();
            }
            for (Process p : started) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private final Map<Process, String> names = new HashMap<>();

    private String workloadOf(Process p) {
        return names.get(p);
    }

    /** The distribution as the image lays it out: the command's jar and lib/ under FLOWPULSE_HOME. */
    private static Path distribution(Path dir) throws IOException {
        Path target = Repository.root().resolve("cli/app/target");
        assertThat(target.resolve("flowpulse-cli.jar")).as("packaged before integration tests").exists();
        Path home = Files.createDirectories(dir.resolve("opt-flowpulse"));
        Files.createSymbolicLink(home.resolve("flowpulse-cli.jar"), target.resolve("flowpulse-cli.jar"));
        Files.createSymbolicLink(home.resolve("lib"), target.resolve("lib"));
        return home;
    }

    /** {@code flowpulse ARGS} through the image's launcher, under dash, with {@code env} added. */
    private Process flowpulse(Path home, Path dir, String name, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("dash", Repository.root().resolve("docker/flowpulse").toString()));
        command.addAll(List.of(args));
        Map<String, String> all = new HashMap<>(env);
        all.put("JAVA_HOME", System.getProperty("java.home"));
        all.put("FLOWPULSE_HOME", home.toString());
        return start(dir, name, all, command);
    }

    private Process start(Path dir, String name, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("FLOWPULSE_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        started.add(process);
        names.put(process, name);
        return process;
    }

    private static int healthCheck(Path launcher, Path home, String url) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("dash", launcher.toString(), "health", url)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("FLOWPULSE_HOME", home.toString());
        Process p = builder.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    /** Metric names the rules read that Prometheus has not scraped. */
    private static Set<String> missing(String api, PrometheusRule rule) {
        Set<String> scraped = new TreeSet<>();
        get(api + "label/__name__/values").path("data").forEach(n -> scraped.add(n.asText()));
        Set<String> missing = new TreeSet<>();
        for (Rule r : Manifests.alerts(rule)) {
            for (String name : Manifests.metricNames(Manifests.expr(r))) {
                if (!scraped.contains(name) && !CREATED_ON_FIRST_USE.contains(name)) {
                    missing.add(r.getAlert() + ": " + name);
                }
            }
        }
        return missing;
    }

    /** The alert of that name Prometheus has (pending or firing), or null. */
    private static JsonNode alert(String api, String name) {
        for (JsonNode a : get(api + "alerts").path("data").path("alerts")) {
            if (a.path("labels").path("alertname").asText().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long rssBytes(Process p) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS for " + p.pid());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(500);
        }
    }

    private static String logs(Path dir) {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                String text = Files.readString(log);
                out.append("---- ").append(log.getFileName()).append(" (last 3000 characters)\n")
                        .append(text.length() > 3000 ? text.substring(text.length() - 3000) : text).append('\n');
            }
        } catch (IOException e) {
            out.append("logs unreadable: ").append(e);
        }
        return out.toString();
    }
}
