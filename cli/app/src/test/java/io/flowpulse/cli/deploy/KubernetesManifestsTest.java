package io.flowpulse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders k8s/ with {@code kubectl kustomize}, reads every object into the fabric8 model (failing
 * on any field the API does not have), and checks the objects against the code and against what a
 * first deployment needs: locked-down pods, a Service and a NetworkPolicy for every component,
 * memory limits the JVM and RocksDB stay within, and alert rules that promtool accepts and that
 * read metrics the services export.
 */
class KubernetesManifestsTest {

    static final List<String> WORKLOADS = List.of("ingest", "streams", "sink", "console");
    private static final Set<String> DEPRECATED_KUSTOMIZE_FIELDS = Set.of("commonLabels", "bases",
            "patchesStrategicMerge", "patchesJson6902", "vars", "imageTags", "crds");
    private static final Pattern JVM_SIZE = Pattern.compile("-(Xmx|Xms|XX:MaxDirectMemorySize=|XX:MaxMetaspaceSize="
            + "|XX:ReservedCodeCacheSize=)(\\d+)([kmg])");
    private static final long MIB = 1024L * 1024;
    /** Threads, GC and JIT structures, malloc arenas and class data: what the JVM takes beyond its set pools. */
    static final long NATIVE_OVERHEAD_MIB = 192;

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/lab", "k8s/overlays/production"})
    void rendersToValidObjectsThatMatchTheCode(String dir) throws Exception {
        Manifests.Rendered rendered = Manifests.render(dir);
        assertThat(rendered.warnings()).as("kustomize warnings").doesNotContainIgnoringCase("deprecated");
        for (HasMetadata o : rendered.objects()) {
            assertThat(o.getMetadata().getLabels()).as(o.getKind() + "/" + o.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/part-of", "flowpulse");
            if (!o.getKind().startsWith("Cluster") && !o.getKind().equals("Namespace")) {
                assertThat(o.getMetadata().getNamespace()).as(o.getKind() + "/" + o.getMetadata().getName())
                        .isEqualTo("flowpulse");
            }
        }
        assertThat(rendered.objects()).noneMatch(o -> o.getKind().equals("Secret")); // referenced, never inlined

        ConfigMap config = rendered.one(ConfigMap.class, "flowpulse-config");
        for (String key : config.getData().keySet()) {
            if (key.startsWith("FLOWPULSE_")) {
                assertThat(ServiceContracts.allEnv()).as("ConfigMap key " + key).contains(key);
            }
        }

        Deployment ingest = rendered.one(Deployment.class, "flowpulse-ingest");
        StatefulSet streams = rendered.one(StatefulSet.class, "flowpulse-streams");
        Map<String, PodTemplateSpec> templates = templates(rendered);
        for (String workload : WORKLOADS) {
            checkWorkload(workload, templates.get(workload), config);
        }

        List<String> ingestArgs = resolvedArgs(ingest.getSpec().getTemplate().getSpec().getContainers().get(0), config);
        assertThat(ingestArgs.get(ingestArgs.indexOf("--relay") + 1)).startsWith("hubble-relay.kube-system.svc:");
        assertThat(ingestArgs).contains("--watch-nodes");

        ClusterRole role = rendered.one(ClusterRole.class, "flowpulse-node-reader");
        assertThat(role.getRules()).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("nodes");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
        });
        ClusterRoleBinding binding = rendered.one(ClusterRoleBinding.class, "flowpulse-node-reader");
        assertThat(binding.getSubjects()).anySatisfy(s -> {
            assertThat(s.getName()).isEqualTo("flowpulse-ingest");
            assertThat(s.getNamespace()).isEqualTo("flowpulse");
        });

        for (String workload : WORKLOADS) {
            PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class, "flowpulse-" + workload);
            assertThat(pdb.getSpec().getSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", "flowpulse-" + workload);
        }
        for (String workload : List.of("sink", "console")) {
            Container c = templates.get(workload).getSpec().getContainers().get(0);
            assertThat(c.getEnv()).as(workload).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("FLOWPULSE_CLICKHOUSE_PASSWORD");
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("flowpulse-secrets");
            });
        }

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
                assertThat(rendered.all(ServiceMonitor.class)).hasSize(1);
                assertThat(rendered.all(PrometheusRule.class)).hasSize(1);
            }
        }
        assertThat(Integer.parseInt(standby)).isLessThan(replicas);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/lab", "k8s/overlays/production"})
    void everyPodIsLockedDown(String dir) throws Exception {
        Manifests.Rendered rendered = Manifests.render(dir);
        Map<String, PodTemplateSpec> templates = templates(rendered);
        assertThat(templates.keySet()).containsExactlyInAnyOrderElementsOf(WORKLOADS);
        for (Map.Entry<String, PodTemplateSpec> e : templates.entrySet()) {
            String workload = e.getKey();
            PodSpec pod = e.getValue().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(workload).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(workload).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(workload).isEqualTo("RuntimeDefault");
            // a token only where the API is used: ingest's --watch-nodes
            boolean usesApi = workload.equals("ingest");
            assertThat(pod.getAutomountServiceAccountToken()).as(workload + " mounts a token").isEqualTo(usesApi);
            ServiceAccount account = rendered.one(ServiceAccount.class, pod.getServiceAccountName());
            if (!usesApi) {
                assertThat(account.getAutomountServiceAccountToken()).as(account.getMetadata().getName()).isFalse();
                assertThat(rendered.all(ClusterRoleBinding.class)).noneMatch(b -> b.getSubjects().stream()
                        .anyMatch(s -> s.getName().equals(account.getMetadata().getName())));
            }
            for (Container c : pod.getContainers()) {
                String name = workload + "/" + c.getName();
                assertThat(c.getImage()).as(name).isEqualTo("flowpulse:" + DockerfileTest.projectVersion());
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
                assertThat(c.getSecurityContext().getCapabilities().getAdd()).as(name).isNullOrEmpty();
                assertThat(c.getSecurityContext().getPrivileged()).as(name).isNotEqualTo(Boolean.TRUE);
                Volume tmp = volumeAt(pod, c, "/tmp");
                assertThat(tmp.getEmptyDir()).as(name + " /tmp is an emptyDir").isNotNull();
            }
        }
        // RocksDB writes its stores under the state directory: a volume of their own
        PodTemplateSpec streams = templates.get("streams");
        Container container = streams.getSpec().getContainers().get(0);
        String stateDir = env(container).get("FLOWPULSE_STREAMS_STATE_DIR");
        VolumeMount state = container.getVolumeMounts().stream().filter(m -> stateDir.startsWith(m.getMountPath()))
                .findFirst().orElseThrow(() -> new AssertionError("no volume holds " + stateDir));
        assertThat(state.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        StatefulSet set = rendered.one(StatefulSet.class, "flowpulse-streams");
        assertThat(set.getSpec().getVolumeClaimTemplates()).anyMatch(t -> t.getMetadata().getName().equals(state.getName()));
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(container.getStartupProbe().getFailureThreshold() * container.getStartupProbe().getPeriodSeconds())
                .as("seconds allowed for restoring the stores").isGreaterThanOrEqualTo(600);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/lab", "k8s/overlays/production"})
    void everyComponentHasAServiceAndIsReachableOnlyWhereAPolicyAllows(String dir) throws Exception {
        Manifests.Rendered rendered = Manifests.render(dir);
        Map<String, PodTemplateSpec> templates = templates(rendered);
        List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class);
        assertThat(policies).as("a default deny of ingress").anySatisfy(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
            assertThat(p.getSpec().getPolicyTypes()).contains("Ingress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
        });
        for (Map.Entry<String, PodTemplateSpec> e : templates.entrySet()) {
            Map<String, String> podLabels = e.getValue().getMetadata().getLabels();
            Container c = e.getValue().getSpec().getContainers().get(0);
            Service service = rendered.all(Service.class).stream()
                    .filter(s -> podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError("no Service selects " + e.getKey()));
            assertThat(service.getSpec().getSelector()).as(service.getMetadata().getName()).isNotEmpty();
            for (ServicePort port : service.getSpec().getPorts()) {
                String target = port.getTargetPort() == null ? null : port.getTargetPort().getStrVal();
                assertThat(c.getPorts()).as(service.getMetadata().getName() + " port " + port.getName())
                        .anyMatch(p -> p.getName().equals(target != null ? target : port.getName()));
            }
            assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getName().equals("http"));
            // the metrics port is let in by some policy that selects these pods
            assertThat(policies).as(e.getKey() + " metrics reachable").anyMatch(p ->
                    podLabels.entrySet().containsAll(labels(p.getSpec().getPodSelector().getMatchLabels()).entrySet())
                            && p.getSpec().getIngress() != null && p.getSpec().getIngress().stream()
                            .flatMap(r -> r.getPorts() == null ? Stream.<NetworkPolicyPort>empty() : r.getPorts().stream())
                            .anyMatch(port -> "http".equals(port.getPort().getStrVal())));
        }
        for (ServiceMonitor monitor : rendered.all(ServiceMonitor.class)) {
            Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
            List<Service> selected = rendered.all(Service.class).stream()
                    .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(selected).hasSize(WORKLOADS.size());
            for (Service s : selected) {
                for (var endpoint : monitor.getSpec().getEndpoints()) {
                    assertThat(s.getSpec().getPorts()).as(s.getMetadata().getName())
                            .anyMatch(p -> p.getName().equals(endpoint.getPort()));
                    assertThat(endpoint.getPath()).isEqualTo("/metrics");
                }
            }
        }
    }

    /**
     * requests = limits for memory, and the JVM's pools, RocksDB's budget and an allowance for the
     * rest fit within the limit, so the pod is never killed for memory (README.md, "Deploying on
     * Kubernetes", has the arithmetic).
     */
    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/lab", "k8s/overlays/production"})
    void memoryLimitsHoldTheJvmAndRocksDb(String dir) throws Exception {
        Manifests.Rendered rendered = Manifests.render(dir);
        for (Map.Entry<String, PodTemplateSpec> e : templates(rendered).entrySet()) {
            Container c = e.getValue().getSpec().getContainers().get(0);
            MemoryBudget budget = MemoryBudget.of(c);
            String name = dir + " " + e.getKey();
            Quantity limit = c.getResources().getLimits().get("memory");
            assertThat(c.getResources().getRequests().get("memory")).as(name + " request = limit").isEqualTo(limit);
            long limitBytes = Quantity.getAmountInBytes(limit).longValue();
            assertThat(budget.heap()).as(name + " -Xms = -Xmx").isEqualTo(budget.initialHeap());
            assertThat(budget.total()).as(name + ": " + budget + " within " + limit).isLessThanOrEqualTo(limitBytes);
            assertThat(budget.heap()).as(name + " heap").isGreaterThanOrEqualTo(256 * MIB);
        }
    }

    @Test
    void noKustomizationUsesDeprecatedFields() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Repository.root().resolve("k8s"))) {
            files = walk.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !Repository.root().resolve("k8s").relativize(p).startsWith("flink")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Path file : files) {
            Map<String, Object> kustomization = new org.yaml.snakeyaml.Yaml().load(Files.readString(file));
            assertThat(kustomization.keySet()).as(file.toString()).doesNotContainAnyElementsOf(DEPRECATED_KUSTOMIZE_FIELDS);
        }
    }

    @Test
    void alertRulesPassPromtoolAndItsUnitTests(@TempDir Path dir) throws Exception {
        PrometheusRule rule = Manifests.render("k8s/overlays/production").all(PrometheusRule.class).get(0);
        Path rules = dir.resolve("flowpulse-rules.yaml");
        Files.writeString(rules, Manifests.rulesFile(rule, null, true));
        Run check = run(dir, "promtool", "check", "rules", rules.toString());
        assertThat(check.code()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + Manifests.alerts(rule).size() + " rules found");

        Path unit = dir.resolve("unit");
        Files.createDirectories(unit);
        Files.writeString(unit.resolve("flowpulse-rules.yaml"), Manifests.rulesFile(rule, null, false));
        try (InputStream tests = getClass().getResourceAsStream("/deploy/flowpulse-rules.test.yaml")) {
            Files.copy(tests, unit.resolve("flowpulse-rules.test.yaml"));
        }
        Run test = run(unit, "promtool", "test", "rules", "flowpulse-rules.test.yaml");
        assertThat(test.code()).as(test.output()).isZero();
        // every alert is exercised by the unit tests
        String tests = Files.readString(unit.resolve("flowpulse-rules.test.yaml"));
        for (Rule alert : Manifests.alerts(rule)) {
            assertThat(tests).as(alert.getAlert()).contains("alertname: " + alert.getAlert());
        }
    }

    @Test
    void alertRulesReadMetricsTheServicesExport() throws Exception {
        PrometheusRule rule = Manifests.render("k8s/overlays/production").all(PrometheusRule.class).get(0);
        String sources = mainSources();
        List<String> alerts = new ArrayList<>();
        for (Rule alert : Manifests.alerts(rule)) {
            alerts.add(alert.getAlert());
            assertThat(alert.getAlert()).startsWith("Flowpulse");
            assertThat(alert.getLabels()).containsKey("severity");
            assertThat(alert.getAnnotations()).containsKeys("summary", "description");
            Set<String> names = Manifests.metricNames(Manifests.expr(alert));
            assertThat(names).as(alert.getAlert()).isNotEmpty();
            for (String name : names) {
                if (name.startsWith("flowpulse_")) {
                    String base = name.replaceFirst("_total$", "");
                    assertThat(sources.contains("\"" + base + "\"") || sources.contains("\"" + base.replace('_', '.') + "\""))
                            .as(alert.getAlert() + " reads " + name + ", which no service registers").isTrue();
                }
            }
        }
        Map<String, Set<String>> read = Manifests.alerts(rule).stream()
                .collect(Collectors.toMap(Rule::getAlert, r -> Manifests.metricNames(Manifests.expr(r))));
        assertThat(read.get("FlowpulseDeadLetters")).hasSize(5).allMatch(n -> n.startsWith("flowpulse_"));
        assertThat(read.get("FlowpulseStreamsNotRunning"))
                .containsExactlyInAnyOrder("kafka_stream_client_state", "kafka_stream_alive_stream_threads");
        assertThat(alerts).contains("FlowpulseIngestDisconnected", "FlowpulseHubbleEventsLost", "FlowpulseDeadLetters",
                "FlowpulseStreamsConsumerLag", "FlowpulseSinkConsumerLag", "FlowpulseSinkInsertFailures",
                "FlowpulseStreamsNotRunning");
    }

    /** The heap, the JVM's other capped pools and RocksDB's budget, from the container's settings. */
    record MemoryBudget(long heap, long initialHeap, long direct, long metaspace, long codeCache, long rocksDb) {

        static MemoryBudget of(Container c) {
            Map<String, String> env = env(c);
            String opts = env.get("FLOWPULSE_JAVA_OPTS");
            assertThat(opts).as(c.getName() + " sets its JVM options").isNotNull();
            Map<String, Long> sizes = new HashMap<>();
            Matcher m = JVM_SIZE.matcher(opts);
            while (m.find()) {
                long amount = Long.parseLong(m.group(2));
                long bytes = switch (m.group(3).toLowerCase(Locale.ROOT)) {
                    case "k" -> amount * 1024;
                    case "m" -> amount * MIB;
                    default -> amount * 1024 * MIB;
                };
                sizes.put(m.group(1).replace("XX:", "").replace("=", ""), bytes);
            }
            for (String pool : List.of("Xmx", "Xms", "MaxDirectMemorySize", "MaxMetaspaceSize", "ReservedCodeCacheSize")) {
                assertThat(sizes).as(c.getName() + " caps " + pool + " in " + opts).containsKey(pool);
            }
            String rocksDb = env.get("FLOWPULSE_STREAMS_ROCKSDB_MEMORY_MIB");
            if (c.getName().equals("streams")) {
                assertThat(rocksDb).as("streams sets its RocksDB budget").isNotNull();
            }
            return new MemoryBudget(sizes.get("Xmx"), sizes.get("Xms"), sizes.get("MaxDirectMemorySize"),
                    sizes.get("MaxMetaspaceSize"), sizes.get("ReservedCodeCacheSize"),
                    rocksDb == null ? 0 : Long.parseLong(rocksDb) * MIB);
        }

        long total() {
            return heap + direct + metaspace + codeCache + rocksDb + NATIVE_OVERHEAD_MIB * MIB + heap / 10;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "heap %d + direct %d + metaspace %d + code %d + RocksDB %d + native %d"
                            + " + GC %d = %d MiB", heap / MIB, direct / MIB, metaspace / MIB, codeCache / MIB,
                    rocksDb / MIB, NATIVE_OVERHEAD_MIB, heap / 10 / MIB, total() / MIB);
        }
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
        if (command.equals("console")) {
            int page = Integer.parseInt(args.get(args.indexOf("--port") + 1));
            assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort).contains(page);
            assertThat(args.get(args.indexOf("--host") + 1)).isEqualTo("0.0.0.0");
        }
    }

    /** The pod template of each workload, by its subcommand. */
    static Map<String, PodTemplateSpec> templates(Manifests.Rendered rendered) {
        Map<String, PodTemplateSpec> out = new LinkedHashMap<>();
        for (Deployment d : rendered.all(Deployment.class)) {
            out.put(d.getMetadata().getName().replaceFirst("^flowpulse-", ""), d.getSpec().getTemplate());
        }
        for (StatefulSet s : rendered.all(StatefulSet.class)) {
            out.put(s.getMetadata().getName().replaceFirst("^flowpulse-", ""), s.getSpec().getTemplate());
        }
        return out;
    }

    private static Volume volumeAt(PodSpec pod, Container c, String path) {
        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at " + path));
        return pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    static Map<String, String> env(Container c) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        return env;
    }

    /** Container args with $(VAR) expanded from the ConfigMap, as the kubelet does. */
    static List<String> resolvedArgs(Container c, ConfigMap config) {
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

    /** Every main Java source of the repository, for finding the names meters are registered under. */
    private static String mainSources() throws IOException {
        try (Stream<Path> walk = Files.walk(Repository.root())) {
            return walk.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                            && !p.toString().contains("/target/"))
                    .map(p -> {
                        try {
                            return Files.readString(p);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).collect(Collectors.joining("\n"));
        }
    }

    private record Run(int code, String output) {
    }

    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }
}
