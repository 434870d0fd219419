package io.flowpulse.ingest.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.flowpulse.schemas.avro.Node;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Runs the watcher against fabric8's mock Kubernetes API server in CRUD mode: nodes created, listed,
 * watched and deleted through the API as in a cluster.
 */
class KubernetesNodeWatcherTest {

    private static final String NODE_A = "{\"metadata\":{\"name\":\"lab-a-1\",\"labels\":{\"flowpulse.io/subnet\":\"lab-a\"}},"
            + "\"spec\":{\"podCIDRs\":[\"10.244.1.0/24\",\"fd00:10:244:1::/64\"]},"
            + "\"status\":{\"addresses\":[{\"type\":\"Hostname\",\"address\":\"lab-a-1\"},"
            + "{\"type\":\"ExternalIP\",\"address\":\"203.0.113.7\"},{\"type\":\"InternalIP\",\"address\":\"192.168.10.11\"}]}}";
    private static final String NODE_B = "{\"metadata\":{\"name\":\"edge-1\"},\"spec\":{\"podCIDR\":\"10.244.9.0/24\"},"
            + "\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"100.64.5.3\"}]}}";

    @Test
    void listsThenFollowsAddsChangesAndDeletes() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        AtomicBoolean stop = new AtomicBoolean();
        List<Node> upserted = new CopyOnWriteArrayList<>();
        List<String> deleted = new CopyOnWriteArrayList<>();
        try (KubernetesClient admin = server.createClient();
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration())
                     .withOauthToken("t0ken").build()).build()) {
            admin.nodes().resource(k8sNode(NODE_A)).create();
            KubernetesNodeWatcher watcher = new KubernetesNodeWatcher(client,
                    SubnetRules.of("flowpulse.io/subnet", "edge=100.64.0.0/10"));
            Thread changes = new Thread(() -> {
                await().atMost(Duration.ofSeconds(20)).until(() -> upserted.size() == 1);
                admin.nodes().resource(k8sNode(NODE_B)).create();
                await().atMost(Duration.ofSeconds(20)).until(() -> upserted.size() == 2);
                admin.nodes().withName("lab-a-1").delete();
            }, "cluster-changes");
            changes.start();
            watcher.run(new KubernetesNodeWatcher.Listener() {
                @Override
                public void upserted(Node node) {
                    upserted.add(node);
                }

                @Override
                public void deleted(String nodeName) {
                    deleted.add(nodeName);
                    stop.set(true);
                }
            }, stop::get);
            changes.join(10_000);
            // the watcher's reads (the test's own writes go with the mock's default token)
            List<String> readers = new ArrayList<>();
            for (int i = server.getRequestCount(); i > 0; i--) {
                RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
                if (request != null && "GET".equals(request.getMethod())) {
                    readers.add(request.getHeader("Authorization"));
                }
            }
            assertThat(readers).isNotEmpty();
            for (String authorization : readers) {
                assertThat(authorization).isEqualTo("Bearer t0ken");
            }
        } finally {
            server.destroy();
        }

        assertThat(upserted).extracting(Node::getName).containsExactly("lab-a-1", "edge-1");
        Node a = upserted.get(0);
        assertThat(a.getAddresses()).containsExactly("192.168.10.11", "203.0.113.7");
        assertThat(a.getPodCidrs()).containsExactly("10.244.1.0/24", "fd00:10:244:1::/64");
        assertThat(a.getSubnet()).isEqualTo("lab-a");
        Node b = upserted.get(1);
        assertThat(b.getPodCidrs()).containsExactly("10.244.9.0/24");
        assertThat(b.getSubnet()).isEqualTo("edge");
        assertThat(deleted).containsExactly("lab-a-1");
    }

    @Test
    void subnetRulesPreferTheLabelThenTheFirstMatchingCidr() {
        SubnetRules rules = SubnetRules.of("zone", "lab-a=192.168.10.0/24, lab-b=192.168.0.0/16, v6=fd00::/8");
        assertThat(rules.subnetOf(java.util.Map.of("zone", "z1"), List.of("192.168.10.5"))).isEqualTo("z1");
        assertThat(rules.subnetOf(java.util.Map.of(), List.of("192.168.10.5"))).isEqualTo("lab-a");
        assertThat(rules.subnetOf(java.util.Map.of(), List.of("192.168.11.5"))).isEqualTo("lab-b");
        assertThat(rules.subnetOf(java.util.Map.of(), List.of("fd00::1"))).isEqualTo("v6");
        assertThat(rules.subnetOf(java.util.Map.of(), List.of("10.1.1.1"))).isEqualTo(SubnetRules.UNKNOWN);
    }

    /** The fabric8 model of a node given as the API's JSON. */
    static io.fabric8.kubernetes.api.model.Node k8sNode(String json) {
        return Serialization.unmarshal(json, io.fabric8.kubernetes.api.model.Node.class);
    }
}
