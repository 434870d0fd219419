package io.flowpulse.flink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.flowpulse.flink.FlinkSettings;
import io.flowpulse.flink.FlowpulseFlinkMain;
import io.flowpulse.runtime.Config;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * k8s/flink/flinkdeployment.yaml against the Flink Kubernetes Operator's CRD (test resource
 * k8s/flinkdeployments.flink.apache.org-v1.yml): valid for the v1beta1 schema with unknown fields
 * rejected (the API server would silently prune them), for Flink 2.2, with the job's main class and
 * settings this module knows.
 */
class FlinkDeploymentManifestTest {

    static final Path MANIFEST = Path.of("..", "k8s", "flink", "flinkdeployment.yaml");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void flinkDeploymentIsValidForTheOperatorsSchema() throws Exception {
        JsonNode deployment = documents().stream().filter(d -> d.path("kind").asText().equals("FlinkDeployment"))
                .findFirst().orElseThrow();
        JsonNode crd;
        try (InputStream in = getClass().getResourceAsStream("/k8s/flinkdeployments.flink.apache.org-v1.yml")) {
            crd = YAML.readTree(in);
        }
        String version = deployment.get("apiVersion").asText();
        assertThat(version).isEqualTo(crd.at("/spec/group").asText() + "/v1beta1");
        assertThat(deployment.get("kind").asText()).isEqualTo(crd.at("/spec/names/kind").asText());
        JsonNode schema = null;
        for (JsonNode v : crd.at("/spec/versions")) {
            if (v.get("name").asText().equals("v1beta1")) {
                schema = v.at("/schema/openAPIV3Schema");
            }
        }
        assertThat(schema).as("v1beta1 schema in the CRD").isNotNull();
        // the API server adds the fields every object has
        ObjectNode properties = (ObjectNode) schema.get("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        rejectUnknownFields(schema);
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        Set<ValidationMessage> errors = validator.validate(deployment);
        assertThat(errors).as("schema errors").isEmpty();

        // a field the schema does not know is an error here
        ObjectNode typo = deployment.deepCopy();
        ((ObjectNode) typo.get("spec")).put("flinkVersoin", "v2_2");
        assertThat(validator.validate(typo)).isNotEmpty();
    }

    @Test
    void theJobIsThisModulesForFlinkTwoTwo() throws Exception {
        JsonNode deployment = documents().get(0);
        assertThat(deployment.at("/spec/flinkVersion").asText()).isEqualTo("v2_2");
        assertThat(deployment.at("/spec/job/entryClass").asText()).isEqualTo(FlowpulseFlinkMain.class.getName());
        String jar = deployment.at("/spec/job/jarURI").asText();
        assertThat(Files.readString(Path.of("..", "k8s", "flink", "Dockerfile")))
                .contains(jar.substring("local://".length())).contains("FROM flink:2.2.0-java17");

        // every setting given to the job is one of its keys
        List<String> keys = new ArrayList<>();
        Iterator<JsonNode> args = deployment.at("/spec/job/args").elements();
        while (args.hasNext()) {
            String arg = args.next().asText();
            if (!arg.equals("--set")) {
                keys.add(arg.substring(0, arg.indexOf('=')));
            }
        }
        JsonNode configMap = documents().stream().filter(d -> d.path("kind").asText().equals("ConfigMap"))
                .findFirst().orElseThrow();
        Map<String, String> byEnvName = FlinkSettings.DEFAULTS.keySet().stream()
                .collect(Collectors.toMap(Config::envName, k -> k));
        configMap.get("data").fieldNames().forEachRemaining(env -> {
            assertThat(byEnvName).as("environment variable %s names a setting", env).containsKey(env);
            keys.add(byEnvName.get(env));
        });
        assertThat(FlinkSettings.DEFAULTS.keySet()).containsAll(keys);
    }

    static List<JsonNode> documents() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(Files.readString(MANIFEST))) {
            while (it.hasNext()) {
                documents.add(it.next());
            }
        }
        return documents;
    }

    /** Objects with listed properties and no rule for others get additionalProperties: false. */
    static void rejectUnknownFields(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(FlinkDeploymentManifestTest::rejectUnknownFields);
        } else if (schema != null && schema.isArray()) {
            schema.elements().forEachRemaining(FlinkDeploymentManifestTest::rejectUnknownFields);
        }
    }
}
