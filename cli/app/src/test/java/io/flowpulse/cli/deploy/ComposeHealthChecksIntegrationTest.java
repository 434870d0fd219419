package io.flowpulse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every health check of docker-compose.yml run under dash, the shell of Debian-based images and of
 * most of the others' {@code /bin/sh}. The Flowpulse services' checks run the image's launcher
 * ({@code docker/flowpulse}) over the packaged distribution; the address they ask is moved to a
 * stand-in server on a free port, which answers as a ready (200) or unready (503) service, or is
 * gone. The other services' checks run their own commands (wget, curl) against the same stand-in;
 * the Kafka image's script is not on this machine, so its check is only parsed.
 */
class ComposeHealthChecksIntegrationTest {

    private static final Pattern ADDRESS = Pattern.compile("(localhost|127\\.0\\.0\\.1):(\\d+)");
    private static JsonNode services;
    private static HttpServer ready;
    private static HttpServer unready;
    private static int closedPort;

    @BeforeAll
    static void start() throws Exception {
        services = ComposeFileTest.services();
        // answers what each image's check looks for: ClickHouse's "Ok.", Grafana's "ok", a JSON body
        ready = server(200, "Ok. {\"database\":\"ok\",\"status\":\"UP\"}");
        unready = server(503, "{\"status\":\"DOWN\"}");
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        ready.stop(0);
        unready.stop(0);
    }

    @Test
    void flowpulseChecksAskReadinessThroughTheImagesLauncher(@TempDir Path home) throws Exception {
        Path target = Repository.root().resolve("cli/app/target");
        assertThat(target.resolve("flowpulse-cli.jar")).as("packaged before integration tests").exists();
        Files.createSymbolicLink(home.resolve("flowpulse-cli.jar"), target.resolve("flowpulse-cli.jar"));
        Files.createSymbolicLink(home.resolve("lib"), target.resolve("lib"));
        Path launcher = Repository.root().resolve("docker/flowpulse");
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "FLOWPULSE_HOME", home.toString());

        for (String name : List.of("ingest", "streams", "sink", "console")) {
            List<String> test = test(name);
            assertThat(test.get(0)).as(name).isEqualTo("CMD");
            assertThat(test.get(1)).isEqualTo("flowpulse");
            URI url = URI.create(test.get(test.size() - 1));
            assertThat(url.getPort()).isEqualTo(Integer.parseInt(
                    ComposeFileTest.environment(services.path(name)).get("FLOWPULSE_HTTP_PORT")));
            for (Map.Entry<Integer, Integer> answer : Map.of(port(ready), 0, port(unready), 1, closedPort, 1).entrySet()) {
                List<String> command = new ArrayList<>(List.of("dash", launcher.toString()));
                test.subList(2, test.size()).forEach(a -> command.add(movePort(a, answer.getKey())));
                Run run = run(env, command);
                assertThat(run.code()).as(name + " against " + answer.getKey() + ": " + run.output())
                        .isEqualTo(answer.getValue());
            }
        }
    }

    @Test
    void theOtherChecksRunUnderDash(@TempDir Path dir) throws Exception {
        for (String name : List.of("schema-registry", "clickhouse", "grafana")) {
            String shell = shellCommand(name);
            assertThat(run(Map.of(), List.of("dash", "-c", movePort(shell, port(ready)))).code())
                    .as(name + " healthy: " + shell).isZero();
            assertThat(run(Map.of(), List.of("dash", "-c", movePort(shell, closedPort))).code())
                    .as(name + " gone: " + shell).isNotZero();
            assertThat(run(Map.of(), List.of("dash", "-c", movePort(shell, port(unready)))).code())
                    .as(name + " failing: " + shell).isNotZero();
        }

        String simulator = shellCommand("simulator");
        Matcher file = Pattern.compile("test -s (\\S+)").matcher(simulator);
        assertThat(file.find()).isTrue();
        Path topology = dir.resolve("topology.yaml");
        assertThat(run(Map.of(), List.of("dash", "-c", simulator.replace(file.group(1), topology.toString()))).code())
                .as("no topology yet").isNotZero();
        Files.writeString(topology, "subnets: []\n");
        assertThat(run(Map.of(), List.of("dash", "-c", simulator.replace(file.group(1), topology.toString()))).code())
                .isZero();

        String kafka = shellCommand("kafka");
        assertThat(run(Map.of(), List.of("dash", "-n", "-c", kafka)).code()).as(kafka).isZero();
        assertThat(kafka).contains("--bootstrap-server localhost:9092");
    }

    private static List<String> test(String service) {
        List<String> test = new ArrayList<>();
        services.path(service).path("healthcheck").path("test").forEach(t -> test.add(t.asText()));
        return test;
    }

    private static String shellCommand(String service) {
        List<String> test = test(service);
        assertThat(test).as(service).hasSize(2);
        assertThat(test.get(0)).isEqualTo("CMD-SHELL");
        return test.get(1);
    }

    private static String movePort(String text, int port) {
        return ADDRESS.matcher(text).replaceAll("127.0.0.1:" + port);
    }

    private static int port(HttpServer server) {
        return server.getAddress().getPort();
    }

    private static HttpServer server(int status, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    private record Run(int code, String output) {
    }

    private static Run run(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 30 s");
        }
        return new Run(process.exitValue(), output);
    }
}
