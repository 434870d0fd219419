package io.flowpulse.ingest.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.flowpulse.ingest.IngestClients;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.testing.LocalStackExtension;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node inventory on the real compacted topic: an earlier run left nodes there, one of them was
 * deleted from the cluster while ingest was down (the mock API server in CRUD mode stands for the
 * cluster); after the watcher's first list the topic holds only the nodes the cluster has.
 */
@ExtendWith(LocalStackExtension.class)
class NodeInventoryIntegrationTest {

    @Test
    void aNodeDeletedWhileIngestWasDownLeavesTheTopicAfterTheNextList(LocalStack stack) throws Exception {
        String topic = "it.nodes.reconcile";
        IngestSettings settings = new IngestSettings(stack.kafka().bootstrapServers(), stack.registry().url(),
                topic + ".flows", topic, topic + ".dlq", 2, (short) 1, -1, new Properties(), "127.0.0.1", 0);
        KafkaClientProperties kafka = settings.kafkaClients();

        try (IngestClients earlier = IngestClients.create(settings)) {
            earlier.ensureTopics();
            earlier.nodeInventory().publishAll(List.of(node("lab-a-1"), node("lab-a-2"), node("old-1")));
            earlier.nodeInventory().remove("old-1");
        }
        assertThat(NodeTopicKeys.read(kafka, topic, Duration.ofSeconds(30))).containsExactly("lab-a-1", "lab-a-2");

        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        AtomicBoolean stop = new AtomicBoolean();
        try (KubernetesClient cluster = server.createClient(); IngestClients next = IngestClients.create(settings)) {
            cluster.nodes().resource(KubernetesNodeWatcherTest.k8sNode("{\"metadata\":{\"name\":\"lab-a-1\"}}")).create();
            NodeInventoryPublisher publisher = next.nodeInventory();
            new KubernetesNodeWatcher(cluster, SubnetRules.of(null, null)).run(new KubernetesNodeWatcher.Listener() {
                @Override
                public void upserted(Node node) {
                    publisher.publish(node);
                }

                @Override
                public void deleted(String nodeName) {
                    publisher.remove(nodeName);
                }

                @Override
                public void listed(Set<String> nodeNames) {
                    publisher.retainOnly(nodeNames);
                    stop.set(true);
                }
            }, stop::get);
        } finally {
            server.destroy();
        }
        assertThat(NodeTopicKeys.read(kafka, topic, Duration.ofSeconds(30))).containsExactly("lab-a-1");
    }

    private static Node node(String name) {
        return Node.newBuilder().setName(name).setSubnet("lab-a").setAddresses(List.of()).setPodCidrs(List.of())
                .setLabels(Map.of()).setUpdatedAt(Instant.now()).build();
    }
}
