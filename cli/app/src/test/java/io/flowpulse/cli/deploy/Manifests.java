package io.flowpulse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * k8s/ rendered with {@code kubectl kustomize} and read into the fabric8 model (the Kubernetes API's
 * objects, and the Prometheus Operator's for ServiceMonitor and PrometheusRule), failing on any field
 * the model does not have. Also the alert rules as a Prometheus rules file.
 */
final class Manifests {

    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("Namespace", Namespace.class), Map.entry("ConfigMap", ConfigMap.class),
            Map.entry("ServiceAccount", ServiceAccount.class), Map.entry("Service", Service.class),
            Map.entry("Deployment", Deployment.class), Map.entry("StatefulSet", StatefulSet.class),
            Map.entry("PodDisruptionBudget", PodDisruptionBudget.class), Map.entry("ClusterRole", ClusterRole.class),
            Map.entry("ClusterRoleBinding", ClusterRoleBinding.class), Map.entry("NetworkPolicy", NetworkPolicy.class),
            Map.entry("ServiceMonitor", ServiceMonitor.class), Map.entry("PrometheusRule", PrometheusRule.class));
    private static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Pattern NAME_ALTERNATIVES = Pattern.compile("__name__=~\"([a-z_]*)\\(([a-z_|]+)\\)([a-z_]*)\"");
    private static final Pattern METRIC = Pattern.compile("(?<![\\w\"-])((?:flowpulse|kafka)_[a-z0-9_]+|up)(?=\\s*[{\\[)]|\\s*$|\\s)");

    /** What {@code kubectl kustomize DIR} printed. */
    record Rendered(List<HasMetadata> objects, String warnings) {

        @SuppressWarnings("unchecked")
        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(o -> (T) o).toList();
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
        }
    }

    private Manifests() {
    }

    static Rendered render(String dir) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("kustomize-", ".err");
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", Repository.root().resolve(dir).toString())
                    .redirectError(errors.toFile()).start();
            String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String warnings = Files.readString(errors);
            assertThat(p.exitValue()).as("kubectl kustomize " + dir + ": " + warnings).isZero();
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
            return new Rendered(objects, warnings);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /**
     * The PrometheusRule's groups as a Prometheus rules file. {@code forOverride} replaces every
     * {@code for} (null keeps them); {@code annotations} false leaves the annotations out.
     */
    static String rulesFile(PrometheusRule rule, String forOverride, boolean annotations) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (RuleGroup group : rule.getSpec().getGroups()) {
            List<Map<String, Object>> rules = new ArrayList<>();
            for (Rule r : group.getRules()) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("alert", r.getAlert());
                out.put("expr", expr(r));
                String duration = forOverride != null && r.getFor() != null ? forOverride : r.getFor();
                if (duration != null) {
                    out.put("for", duration);
                }
                if (r.getLabels() != null) {
                    out.put("labels", r.getLabels());
                }
                if (annotations && r.getAnnotations() != null) {
                    out.put("annotations", r.getAnnotations());
                }
                rules.add(out);
            }
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("name", group.getName());
            g.put("rules", rules);
            groups.add(g);
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(1_000);
        return new Yaml(options).dump(Map.of("groups", groups));
    }

    static String expr(Rule r) {
        return r.getExpr().getStrVal() != null ? r.getExpr().getStrVal() : String.valueOf(r.getExpr().getIntVal());
    }

    static List<Rule> alerts(PrometheusRule rule) {
        return rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).toList();
    }

    /** The metric names an expression reads, {@code __name__=~"a_(b|c)_total"} spelled out. */
    static Set<String> metricNames(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher alternatives = NAME_ALTERNATIVES.matcher(expr);
        while (alternatives.find()) {
            for (String middle : alternatives.group(2).split("\\|")) {
                names.add(alternatives.group(1) + middle + alternatives.group(3));
            }
        }
        Matcher m = METRIC.matcher(alternatives.replaceAll(""));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
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
        String type = o.getClass().getName();
        if (!type.startsWith("io.fabric8.kubernetes.api.model") && !type.startsWith("io.fabric8.openshift.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = m.invoke(o);
                if (m.getName().equals("getAdditionalProperties")) {
                    assertThat((Map<?, ?>) value).as("fields the API does not know at " + path).isEmpty();
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
