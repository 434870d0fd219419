package io.flowpulse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this test has Debian's docker-compose
 * validate it against the Compose schema, and checks that every Flowpulse service, port and
 * setting it names is one the code accepts. {@link ComposeHealthChecksIntegrationTest} runs the
 * health checks.
 */
class ComposeFileTest {

    static final List<String> FLOWPULSE_SERVICES = List.of("simulator", "ingest", "streams", "sink", "console");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z_]+)(?::-([^}]*))?}");
    private static final Pattern EXACT_VERSION = Pattern.compile("\\d+(\\.\\d+){2,}([\\w.\\-]*)");
    private static JsonNode services;

    @BeforeAll
    static void read() throws Exception {
        services = services();
    }

    static JsonNode services() throws Exception {
        Path compose = Repository.root().resolve("docker-compose.yml");
        // SnakeYAML resolves the '<<' merge keys compose files use (Jackson's YAML reader does not)
        Object document = new Yaml().load(Files.readString(compose));
        return new ObjectMapper().valueToTree(document).path("services");
    }

    @Test
    void dockerComposeAcceptsIt() throws Exception {
        Process p = new ProcessBuilder("docker-compose", "-f", Repository.root().resolve("docker-compose.yml").toString(),
                "config", "--quiet").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docker-compose config: " + output).isZero();
    }

    @Test
    void hasTheWholeStack() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("kafka", "schema-registry", "clickhouse", "grafana",
                "simulator", "ingest", "streams", "sink", "console");
        for (String name : names) {
            assertThat(services.path(name).path("healthcheck").path("test").isArray())
                    .as(name + " has a health check").isTrue();
        }
    }

    @Test
    void everyImageAndPluginIsAtAnExactVersion() throws Exception {
        services.fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText();
            assertThat(image).as(e.getKey()).contains(":");
            assertThat(image.substring(image.lastIndexOf(':') + 1)).as(e.getKey() + ": " + image).matches(EXACT_VERSION);
        });
        for (String name : FLOWPULSE_SERVICES) {
            assertThat(services.path(name).path("image").asText()).isEqualTo("flowpulse:" + DockerfileTest.projectVersion());
            assertThat(services.path(name).path("build").path("args").path("VERSION").asText())
                    .isEqualTo(DockerfileTest.projectVersion());
        }
        Map<String, String> grafana = environment(services.path("grafana"));
        assertThat(grafana).doesNotContainKey("GF_INSTALL_PLUGINS");
        String plugins = grafana.get("GF_PLUGINS_PREINSTALL_SYNC");
        assertThat(plugins).contains("grafana-clickhouse-datasource@");
        for (String plugin : plugins.split(",")) {
            assertThat(plugin.substring(plugin.indexOf('@') + 1)).as(plugin).matches(EXACT_VERSION);
        }
    }

    @Test
    void flowpulseCommandsParseAndReadOnlyKnownSettings() {
        for (String name : FLOWPULSE_SERVICES) {
            JsonNode service = services.path(name);
            List<String> command = command(service);
            ServiceContracts.parse(command); // throws on an unknown subcommand or option
            String subcommand = command.get(0);
            for (String variable : environment(service).keySet()) {
                if (variable.startsWith("FLOWPULSE_")) {
                    assertThat(ServiceContracts.envOf(subcommand)).as(name + " sets " + variable).contains(variable);
                }
            }
        }
    }

    @Test
    void flowpulseContainersAreLockedDownAndCheckTheirReadiness() {
        for (String name : FLOWPULSE_SERVICES) {
            JsonNode service = services.path(name);
            assertThat(service.path("read_only").asBoolean()).as(name + " read-only").isTrue();
            assertThat(service.path("cap_drop").toString()).as(name).contains("ALL");
            assertThat(service.path("security_opt").toString()).as(name).contains("no-new-privileges:true");
            assertThat(service.path("tmpfs").toString()).as(name).contains("/tmp");
            if (name.equals("simulator")) {
                continue; // no HTTP endpoint
            }
            String port = environment(service).get("FLOWPULSE_HTTP_PORT");
            List<String> test = new ArrayList<>();
            service.path("healthcheck").path("test").forEach(t -> test.add(t.asText()));
            assertThat(test).as(name).containsExactly("CMD", "flowpulse", "health",
                    "http://127.0.0.1:" + port + "/health/ready");
        }
        assertThat(services.toString()).doesNotContain("/dev/tcp");
    }

    @Test
    void publishedPortsListenOnLoopbackOnly() {
        services.fields().forEachRemaining(e -> e.getValue().path("ports").forEach(p ->
                assertThat(p.asText()).as(e.getKey()).startsWith("127.0.0.1:")));
    }

    @Test
    void portsAndAddressesPointAtTheRightServices() {
        for (String name : List.of("ingest", "streams", "sink", "console")) {
            JsonNode service = services.path(name);
            Map<String, String> env = environment(service);
            String port = env.get("FLOWPULSE_HTTP_PORT");
            assertThat(port).as(name + " http port").isEqualTo(
                    Integer.toString(ServiceContracts.defaultHttpPort(command(service).get(0))));
            assertThat(ports(service)).as(name + " publishes its http port").contains(published(port));

            String bootstrap = env.get("FLOWPULSE_KAFKA_BOOTSTRAP_SERVERS");
            String[] hostPort = bootstrap.split(":");
            assertThat(services.has(hostPort[0])).as(bootstrap).isTrue();
            assertThat(environment(services.path(hostPort[0])).get("KAFKA_LISTENERS")).contains(":" + hostPort[1]);
            assertThat(environment(services.path(hostPort[0])).get("KAFKA_ADVERTISED_LISTENERS"))
                    .contains(hostPort[0] + ":" + hostPort[1]);

            URI registry = URI.create(env.get("FLOWPULSE_SCHEMA_REGISTRY_URL"));
            assertThat(services.has(registry.getHost())).isTrue();
            assertThat(ports(services.path(registry.getHost()))).contains(published(Integer.toString(registry.getPort())));
            assertThat(service.path("depends_on").has("kafka")).as(name + " waits for Kafka").isTrue();
        }
        for (String name : List.of("sink", "console")) {
            URI clickhouse = URI.create(environment(services.path(name)).get("FLOWPULSE_CLICKHOUSE_URL"));
            assertThat(ports(services.path(clickhouse.getHost())))
                    .contains(published(Integer.toString(clickhouse.getPort())));
            assertThat(services.path(name).path("depends_on").path(clickhouse.getHost()).path("condition").asText())
                    .isEqualTo("service_healthy");
        }
        List<String> console = command(services.path("console"));
        assertThat(ports(services.path("console"))).contains(published(console.get(console.indexOf("--port") + 1)));
        assertThat(console.get(console.indexOf("--host") + 1)).isEqualTo("0.0.0.0");

        List<String> simulator = command(services.path("simulator"));
        String listen = simulator.get(simulator.indexOf("--listen") + 1);
        List<String> ingest = command(services.path("ingest"));
        assertThat(ingest.get(ingest.indexOf("--relay") + 1)).isEqualTo("simulator:" + listen.split(":")[1]);
        assertThat(ports(services.path("simulator"))).contains(published(listen.split(":")[1]));
        String topologyOut = simulator.get(simulator.indexOf("--topology-out") + 1);
        assertThat(ingest.get(ingest.indexOf("--topology") + 1)).isEqualTo(topologyOut);
        assertThat(services.path("simulator").path("healthcheck").path("test").toString()).contains(topologyOut);
    }

    @Test
    void grafanaGetsOurProvisioning() {
        JsonNode grafana = services.path("grafana");
        List<String> volumes = new ArrayList<>();
        grafana.path("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).anyMatch(v -> v.startsWith("./dashboards/provisioning:/etc/grafana/provisioning"));
        for (String v : volumes) {
            if (v.startsWith("./")) {
                assertThat(Repository.root().resolve(v.substring(2, v.indexOf(':')))).as(v).isDirectory();
            }
        }
    }

    private static String published(String port) {
        return "127.0.0.1:" + port + ":" + port;
    }

    /** The command with compose's ${VAR:-default} interpolation applied (defaults only). */
    static List<String> command(JsonNode service) {
        List<String> out = new ArrayList<>();
        service.path("command").forEach(a -> {
            Matcher m = INTERPOLATION.matcher(a.asText());
            out.add(m.replaceAll(r -> Matcher.quoteReplacement(r.group(2) == null ? "" : r.group(2))));
        });
        return out;
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new HashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static List<String> ports(JsonNode service) {
        List<String> out = new ArrayList<>();
        service.path("ports").forEach(p -> out.add(p.asText()));
        return out;
    }
}
