package io.flowpulse.ingest.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowpulse.schemas.avro.Node;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Runs the watcher against a small local server that answers like the Kubernetes API. */
class KubernetesNodeWatcherTest {

    private static final String NODE_A = "{\"metadata\":{\"name\":\"lab-a-1\",\"labels\":{\"flowpulse.io/subnet\":\"lab-a\"}},"
            + "\"spec\":{\"podCIDRs\":[\"10.244.1.0/24\",\"fd00:10:244:1::/64\"]},"
            + "\"status\":{\"addresses\":[{\"type\":\"Hostname\",\"address\":\"lab-a-1\"},"
            + "{\"type\":\"ExternalIP\",\"address\":\"203.0.113.7\"},{\"type\":\"InternalIP\",\"address\":\"192.168.10.11\"}]}}";
    private static final String NODE_B = "{\"metadata\":{\"name\":\"edge-1\"},\"spec\":{\"podCIDR\":\"10.244.9.0/24\"},"
            + "\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"100.64.5.3\"}]}}";

    @Test
    void listsThenFollowsAddsChangesAndDeletes() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicBoolean stop = new AtomicBoolean();
        server.createContext("/api/v1/nodes", ex -> {
            boolean watch = ex.getRequestURI().getQuery() != null && ex.getRequestURI().getQuery().contains("watch=true");
            String body = watch
                    ? "{\"type\":\"ADDED\",\"object\":" + NODE_B + "}\n"
                      + "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"12\"}}}\n"
                      + "{\"type\":\"DELETED\",\"object\":" + NODE_A + "}\n"
                    : "{\"metadata\":{\"resourceVersion\":\"10\"},\"items\":[" + NODE_A + "]}";
            assertThat(ex.getRequestHeaders().getFirst("Authorization")).isEqualTo("Bearer t0ken");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        List<Node> upserted = new CopyOnWriteArrayList<>();
        List<String> deleted = new CopyOnWriteArrayList<>();
        try {
            KubernetesNodeWatcher watcher = new KubernetesNodeWatcher(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "t0ken", HttpClient.newHttpClient(),
                    SubnetRules.of("flowpulse.io/subnet", "edge=100.64.0.0/10"));
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
        } finally {
            server.stop(0);
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
}
