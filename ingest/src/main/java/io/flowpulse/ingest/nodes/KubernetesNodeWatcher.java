package io.flowpulse.ingest.nodes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.flowpulse.schemas.avro.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the cluster's nodes through the Kubernetes API (RBAC: get, list, watch nodes) with
 * fabric8's informer and reports each change. The informer lists, then watches; when the watch
 * ends or its resourceVersion expires (HTTP 410) it lists again and reports the nodes that went
 * away meanwhile as deleted. After the first complete list the listener gets the names of all
 * nodes ({@link Listener#listed}), so that whoever keeps an inventory from an earlier run can drop
 * the nodes deleted while nobody watched.
 */
public final class KubernetesNodeWatcher {

    private static final Logger log = LoggerFactory.getLogger(KubernetesNodeWatcher.class);
    private static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    /** What changed. Called on the informer's thread, one call at a time. */
    public interface Listener {
        void upserted(Node node);

        void deleted(String nodeName);

        /** Once, after the first complete list: the name of every node the cluster has. */
        default void listed(Set<String> nodeNames) {
        }
    }

    private final KubernetesClient client;
    private final SubnetRules subnets;
    private final boolean ownsClient;

    /** Watches through {@code client}, which stays open: its owner closes it. */
    public KubernetesNodeWatcher(KubernetesClient client, SubnetRules subnets) {
        this(client, subnets, false);
    }

    private KubernetesNodeWatcher(KubernetesClient client, SubnetRules subnets, boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.subnets = Objects.requireNonNull(subnets, "subnets");
        this.ownsClient = ownsClient;
    }

    /**
     * The watcher of the cluster this pod runs in (service account token and CA, the token read
     * again when it rotates), else of the current context of the kubeconfig ({@code $KUBECONFIG}
     * or {@code ~/.kube/config}); the client is closed when {@link #run} ends.
     *
     * @throws IOException when there is neither a service account nor a kubeconfig
     */
    public static KubernetesNodeWatcher inCluster(SubnetRules subnets) throws IOException {
        boolean inPod = System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.isReadable(SERVICE_ACCOUNT_TOKEN);
        if (!inPod && !Files.isReadable(kubeconfig())) {
            throw new IOException("neither in a Kubernetes pod (no service account) nor a kubeconfig at " + kubeconfig()
                    + "; use a topology file instead");
        }
        Config config = new ConfigBuilder(Config.autoConfigure(null))
                .withConnectionTimeout(10_000)
                .withRequestTimeout(30_000)
                .withWatchReconnectInterval(1_000)
                .withWatchReconnectLimit(-1)
                .build();
        return new KubernetesNodeWatcher(new KubernetesClientBuilder().withConfig(config).build(), subnets, true);
    }

    private static Path kubeconfig() {
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env.split(java.io.File.pathSeparator)[0]);
        }
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }

    /**
     * Lists, then follows, until {@code stop} says so. Failures of the API server are retried by
     * the informer (with backoff) and logged, never thrown.
     */
    public void run(Listener listener, BooleanSupplier stop) throws InterruptedException {
        SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> informer = client.nodes().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(io.fabric8.kubernetes.api.model.Node node) {
                upsert(listener, node);
            }

            @Override
            public void onUpdate(io.fabric8.kubernetes.api.model.Node before, io.fabric8.kubernetes.api.model.Node after) {
                upsert(listener, after);
            }

            @Override
            public void onDelete(io.fabric8.kubernetes.api.model.Node node, boolean finalStateUnknown) {
                listener.deleted(node.getMetadata().getName());
            }
        });
        informer.exceptionHandler((started, t) -> {
            log.warn("Kubernetes node watch failed ({}); retrying", t.toString());
            return true;
        });
        try {
            CompletableFuture<Void> synced = informer.start().toCompletableFuture();
            boolean reported = false;
            while (!stop.getAsBoolean()) {
                if (!reported && synced.isDone() && !synced.isCompletedExceptionally()) {
                    Set<String> names = new TreeSet<>(informer.getStore().listKeys());
                    listener.listed(names);
                    reported = true;
                }
                Thread.sleep(50);
            }
        } finally {
            informer.stop();
            if (ownsClient) {
                client.close();
            }
        }
    }

    private void upsert(Listener listener, io.fabric8.kubernetes.api.model.Node node) {
        try {
            listener.upserted(KubernetesNodes.toNode(node, subnets));
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a Kubernetes node: {}", e.getMessage());
        }
    }
}
