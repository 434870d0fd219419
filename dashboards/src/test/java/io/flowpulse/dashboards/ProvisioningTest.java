package io.flowpulse.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The provisioning files against the plugin's v4 settings and against docker-compose.yml. */
class ProvisioningTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private static JsonNode yaml(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    private static JsonNode datasource() throws IOException {
        JsonNode file = yaml(DashboardFiles.moduleDir().resolve("provisioning/datasources/flowpulse-clickhouse.yaml"));
        assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
        assertThat(file.path("datasources")).hasSize(1);
        return file.path("datasources").get(0);
    }

    private static JsonNode grafanaService() throws IOException {
        return yaml(DashboardFiles.moduleDir().resolveSibling("docker-compose.yml")).path("services").path("grafana");
    }

    @Test
    void datasourceUsesThePluginsV4SettingsFromTheEnvironment() throws IOException {
        JsonNode ds = datasource();
        assertThat(ds.path("type").asText()).isEqualTo(DashboardFiles.PLUGIN_TYPE);
        assertThat(ds.path("uid").asText()).isEqualTo("flowpulse-clickhouse");
        JsonNode json = ds.path("jsonData");
        assertThat(json.path("host").asText()).isEqualTo("${FLOWPULSE_CLICKHOUSE_HOST}");
        assertThat(json.path("port").asText()).isEqualTo("${FLOWPULSE_CLICKHOUSE_PORT}");
        assertThat(json.path("protocol").asText()).isEqualTo("native");
        assertThat(json.path("username").asText()).isEqualTo("${FLOWPULSE_CLICKHOUSE_USER}");
        assertThat(json.path("defaultDatabase").asText()).isEqualTo("flowpulse");
        assertThat(json.has("password")).as("the password belongs in secureJsonData").isFalse();
        assertThat(ds.path("secureJsonData").path("password").asText()).isEqualTo("${FLOWPULSE_CLICKHOUSE_PASSWORD}");
    }

    @Test
    void everyEnvironmentReferenceIsSetForGrafanaInCompose() throws IOException {
        List<String> referenced = new ArrayList<>();
        Matcher m = ENV_REFERENCE.matcher(YAML.writeValueAsString(datasource()));
        while (m.find()) {
            referenced.add(m.group(1));
        }
        assertThat(referenced).containsExactlyInAnyOrder("FLOWPULSE_CLICKHOUSE_HOST", "FLOWPULSE_CLICKHOUSE_PORT",
                "FLOWPULSE_CLICKHOUSE_USER", "FLOWPULSE_CLICKHOUSE_PASSWORD");
        JsonNode env = grafanaService().path("environment");
        for (String name : referenced) {
            assertThat(env.path(name).asText()).as("grafana environment %s in docker-compose.yml", name).isNotBlank();
        }
        assertThat(env.path("FLOWPULSE_CLICKHOUSE_PORT").asText()).as("native protocol port").isEqualTo("9000");
        assertThat(env.path("GF_PLUGINS_PREINSTALL_SYNC").asText()).contains(DashboardFiles.PLUGIN_TYPE);
    }

    @Test
    void dashboardProviderReadsTheDirectoryComposeMountsTheJsonInto() throws IOException {
        JsonNode file = yaml(DashboardFiles.moduleDir().resolve("provisioning/dashboards/flowpulse.yaml"));
        assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
        JsonNode provider = file.path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("folder").asText()).isEqualTo("Flowpulse");
        String path = provider.path("options").path("path").asText();

        List<String> volumes = new ArrayList<>();
        grafanaService().path("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).contains("./dashboards/json:" + path + ":ro")
                .contains("./dashboards/provisioning:/etc/grafana/provisioning:ro");
    }
}
