package io.flowpulse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this test reads it and checks that
 * every Flowpulse service, port and setting it names is one the code accepts.
 */
class ComposeFileTest {

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z_]+)(?::-([^}]*))?}");
    private static JsonNode services;

    @BeforeAll
    static void read() throws Exception {
        Path compose = Repository.root().resolve("docker-compose.yml");
        // SnakeYAML resolves the '<<' merge keys compose files use (Jackson's YAML reader does not)
        Object document = new Yaml().load(Files.readString(compose));
        services = new ObjectMapper().valueToTree(document).path("services");
    }

    @Test
    void hasTheWholeStack() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("kafka", "schema-registry", "clickhouse", "grafana",
                "simulator", "ingest", "streams", "sink");
        for (String name : names) {
            assertThat(services.path(name).has("healthcheck")).as(name + " has a health check").isTrue();
        }
    }

    @Test
    void flowpulseCommandsParseAndReadOnlyKnownSettings() {
        for (String name : flowpulseServices()) {
            JsonNode service = services.path(name);
            List<String> command = command(service);
            ServiceContracts.parse(command); // throws on an unknown subcommand or option
            String subcommand = command.get(0);
            Map<String, String> env = environment(service);
            for (String variable : env.keySet()) {
                if (variable.startsWith("FLOWPULSE_")) {
                    assertThat(ServiceContracts.envOf(subcommand)).as(name + " sets " + variable).contains(variable);
                }
            }
        }
    }

    @Test
    void portsAndAddressesPointAtTheRightServices() {
        for (String name : List.of("ingest", "streams", "sink")) {
            JsonNode service = services.path(name);
            Map<String, String> env = environment(service);
            String port = env.get("FLOWPULSE_HTTP_PORT");
            assertThat(port).as(name + " http port").isEqualTo(
                    Integer.toString(ServiceContracts.defaultHttpPort(command(service).get(0))));
            assertThat(ports(service)).as(name + " publishes its http port").contains(port + ":" + port);
            assertThat(service.path("healthcheck").path("test").toString()).contains(port);

            String bootstrap = env.get("FLOWPULSE_KAFKA_BOOTSTRAP_SERVERS");
            String[] hostPort = bootstrap.split(":");
            assertThat(services.has(hostPort[0])).as(bootstrap).isTrue();
            assertThat(environment(services.path(hostPort[0])).get("KAFKA_LISTENERS")).contains(":" + hostPort[1]);
            assertThat(environment(services.path(hostPort[0])).get("KAFKA_ADVERTISED_LISTENERS"))
                    .contains(hostPort[0] + ":" + hostPort[1]);

            URI registry = URI.create(env.get("FLOWPULSE_SCHEMA_REGISTRY_URL"));
            assertThat(services.has(registry.getHost())).isTrue();
            assertThat(ports(services.path(registry.getHost()))).contains(registry.getPort() + ":" + registry.getPort());
        }
        URI clickhouse = URI.create(environment(services.path("sink")).get("FLOWPULSE_CLICKHOUSE_URL"));
        assertThat(ports(services.path(clickhouse.getHost()))).contains(clickhouse.getPort() + ":" + clickhouse.getPort());

        List<String> simulator = command(services.path("simulator"));
        String listen = simulator.get(simulator.indexOf("--listen") + 1);
        String relay = command(services.path("ingest")).get(command(services.path("ingest")).indexOf("--relay") + 1);
        assertThat(relay).isEqualTo("simulator:" + listen.split(":")[1]);
        assertThat(ports(services.path("simulator"))).contains(listen.split(":")[1] + ":" + listen.split(":")[1]);
    }

    @Test
    void grafanaGetsOurProvisioningAndTheClickHousePlugin() {
        JsonNode grafana = services.path("grafana");
        assertThat(environment(grafana).get("GF_INSTALL_PLUGINS")).contains("grafana-clickhouse-datasource");
        List<String> volumes = new ArrayList<>();
        grafana.path("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).anyMatch(v -> v.startsWith("./dashboards/provisioning:/etc/grafana/provisioning"));
        for (String v : volumes) {
            if (v.startsWith("./")) {
                assertThat(Repository.root().resolve(v.substring(2, v.indexOf(':')))).as(v).isDirectory();
            }
        }
    }

    private static List<String> flowpulseServices() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(n -> {
            if ("flowpulse:dev".equals(services.path(n).path("image").asText())) {
                names.add(n);
            }
        });
        assertThat(names).containsExactlyInAnyOrder("simulator", "ingest", "streams", "sink");
        return names;
    }

    /** The command with compose's ${VAR:-default} interpolation applied (defaults only). */
    private static List<String> command(JsonNode service) {
        List<String> out = new ArrayList<>();
        service.path("command").forEach(a -> {
            Matcher m = INTERPOLATION.matcher(a.asText());
            out.add(m.replaceAll(r -> Matcher.quoteReplacement(r.group(2) == null ? "" : r.group(2))));
        });
        return out;
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new HashMap<>();
        service.path("environment").fields().forEachRemaining(e -> {
            env.put(e.getKey(), e.getValue().asText());
        });
        return env;
    }

    private static List<String> ports(JsonNode service) {
        List<String> out = new ArrayList<>();
        service.path("ports").forEach(p -> out.add(p.asText()));
        return out;
    }
}
