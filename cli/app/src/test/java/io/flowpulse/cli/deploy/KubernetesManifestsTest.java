package io.flowpulse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders k8s/ with {@code kubectl kustomize}, reads every object into the fabric8 Kubernetes
 * model (failing on any field the API does not have), and checks the settings against the code.
 */
class KubernetesManifestsTest {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Namespace", Namespace.class, "ConfigMap", ConfigMap.class, "ServiceAccount", ServiceAccount.class,
            "Service", Service.class, "Deployment", Deployment.class, "StatefulSet", StatefulSet.class,
            "PodDisruptionBudget", PodDisruptionBudget.class, "ClusterRole", ClusterRole.class,
            "ClusterRoleBinding", ClusterRoleBinding.class);
    private static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/lab", "k8s/overlays/production"})
    void rendersToValidObjectsThatMatchTheCode(String dir) throws Exception {
        List<HasMetadata> objects = render(dir);
        Map<String, HasMetadata> byKindAndName = new HashMap<>();
        for (HasMetadata o : objects) {
            byKindAndName.put(o.getKind() + "/" + o.getMetadata().getName(), o);
            assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "flowpulse");
        }
        assertThat(objects).noneMatch(o -> o.getKind().equals("Secret")); // secrets are referenced, never inlined

        ConfigMap config = (ConfigMap) byKindAndName.get("ConfigMap/flowpulse-config");
        for (String key : config.getData().keySet()) {
            if (key.startsWith("FLOWPULSE_")) {
                assertThat(ServiceContracts.allEnv()).as("ConfigMap key " + key).contains(key);
            }
        }

        Deployment ingest = (Deployment) byKindAndName.get("Deployment/flowpulse-ingest");
        StatefulSet streams = (StatefulSet) byKindAndName.get("StatefulSet/flowpulse-streams");
        Deployment sink = (Deployment) byKindAndName.get("Deployment/flowpulse-sink");
        checkWorkload("ingest", ingest.getSpec().getTemplate(), config);
        checkWorkload("streams", streams.getSpec().getTemplate(), config);
        checkWorkload("sink", sink.getSpec().getTemplate(), config);

        List<String> ingestArgs = resolvedArgs(ingest.getSpec().getTemplate().getSpec().getContainers().get(0), config);
        assertThat(ingestArgs.get(ingestArgs.indexOf("--relay") + 1)).startsWith("hubble-relay.kube-system.svc:");
        assertThat(ingestArgs).contains("--watch-nodes");
        assertThat(ingest.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("flowpulse-ingest");

        ClusterRole role = (ClusterRole) byKindAndName.get("ClusterRole/flowpulse-node-reader");
        assertThat(role.getRules()).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("nodes");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
        });
        ClusterRoleBinding binding = (ClusterRoleBinding) byKindAndName.get("ClusterRoleBinding/flowpulse-node-reader");
        assertThat(binding.getSubjects()).anySatisfy(s -> {
            assertThat(s.getName()).isEqualTo("flowpulse-ingest");
            assertThat(s.getNamespace()).isEqualTo("flowpulse");
        });

        for (String workload : List.of("flowpulse-ingest", "flowpulse-streams", "flowpulse-sink")) {
            PodDisruptionBudget pdb = (PodDisruptionBudget) byKindAndName.get("PodDisruptionBudget/" + workload);
            assertThat(pdb).as("PDB of " + workload).isNotNull();
            assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", workload);
        }
        Container sinkContainer = sink.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(sinkContainer.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("FLOWPULSE_CLICKHOUSE_PASSWORD");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("flowpulse-secrets");
        });

        int replicas = streams.getSpec().getReplicas();
        String standby = env(streams.getSpec().getTemplate().getSpec().getContainers().get(0))
                .get("FLOWPULSE_STREAMS_NUM_STANDBY_REPLICAS");
        switch (dir) {
            case "k8s/base" -> {
                assertThat(replicas).isEqualTo(2);
                assertThat(standby).isEqualTo("1");
            }
            case "k8s/overlays/lab" -> assertThat(replicas).isEqualTo(1);
            default -> {
                assertThat(replicas).isEqualTo(3);
                assertThat(ingestArgs).contains("--tls-ca", "--tls-cert", "--tls-key");
            }
        }
        assertThat(Integer.parseInt(standby)).isLessThan(replicas);
    }

    private static void checkWorkload(String command, PodTemplateSpec template, ConfigMap config) {
        Container c = template.getSpec().getContainers().get(0);
        List<String> args = resolvedArgs(c, config);
        assertThat(args.get(0)).isEqualTo(command);
        ServiceContracts.parse(args); // throws on an unknown subcommand or option
        Map<String, String> env = env(c);
        for (String name : env.keySet()) {
            if (name.startsWith("FLOWPULSE_")) {
                assertThat(ServiceContracts.envOf(command)).as(command + " sets " + name).contains(name);
            }
        }
        String port = env.get("FLOWPULSE_HTTP_PORT");
        assertThat(port).isEqualTo(Integer.toString(ServiceContracts.defaultHttpPort(command)));
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(Integer.parseInt(port));
        });
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        Map<String, String> annotations = template.getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", port)
                .containsEntry("prometheus.io/path", "/metrics");
        assertThat(c.getEnvFrom()).anySatisfy(f -> assertThat(f.getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName()));
    }

    private static Map<String, String> env(Container c) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        return env;
    }

    /** Container args with $(VAR) expanded from the ConfigMap, as the kubelet does. */
    private static List<String> resolvedArgs(Container c, ConfigMap config) {
        List<String> out = new ArrayList<>();
        for (String a : c.getArgs()) {
            String r = a;
            for (Map.Entry<String, String> e : config.getData().entrySet()) {
                r = r.replace("$(" + e.getKey() + ")", e.getValue());
            }
            assertThat(r).as("unresolved variable in " + a).doesNotContain("$(");
            out.add(r);
        }
        return out;
    }

    private static List<HasMetadata> render(String dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kubectl", "kustomize", Repository.root().resolve(dir).toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize " + dir).isZero();
        List<HasMetadata> objects = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            if (doc == null) {
                continue;
            }
            String kind = String.valueOf(((Map<?, ?>) doc).get("kind"));
            Class<? extends HasMetadata> type = KINDS.get(kind);
            assertThat(type).as("a kind this test knows: " + kind).isNotNull();
            HasMetadata object = STRICT.convertValue(doc, type);
            assertNoUnknownFields(object, kind + "/" + object.getMetadata().getName(), new IdentityHashMap<>());
            objects.add(object);
        }
        assertThat(objects).isNotEmpty();
        return objects;
    }

    /** fabric8 keeps fields it does not know in additionalProperties; there must be none anywhere. */
    private static void assertNoUnknownFields(Object o, String path, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            c.forEach(item -> assertNoUnknownFields(item, path + "[]", seen));
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> assertNoUnknownFields(v, path + "." + k, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = m.invoke(o);
                if (m.getName().equals("getAdditionalProperties")) {
                    assertThat((Map<?, ?>) value).as("fields the Kubernetes API does not know at " + path).isEmpty();
                } else if (!Set.of("getKind", "getApiVersion", "getPlural", "getSingular", "getFullResourceName")
                        .contains(m.getName())) {
                    assertNoUnknownFields(value, path + "." + m.getName().substring(3), seen);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a computed getter with no backing field: nothing to check there
            }
        }
    }
}
