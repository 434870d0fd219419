package io.flowpulse.ingest.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.flowpulse.schemas.avro.Node;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The first complete list ends in tombstones for the nodes the topic still holds from an earlier
 * run but the cluster no longer has: the mock API server in CRUD mode, a mock producer.
 */
class NodeReconciliationTest {

    private static final String NODE = "{\"metadata\":{\"name\":\"lab-a-1\"},"
            + "\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"192.168.10.11\"}]}}";

    @Test
    void nodesDeletedWhileNobodyWatchedGetATombstoneAfterTheFirstList() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        MockProducer<String, Object> producer = new MockProducer<>(true, null, new StringSerializer(), new Nothing());
        NodeInventoryPublisher publisher = new NodeInventoryPublisher(producer, "nodes",
                () -> Set.of("lab-a-1", "gone-1", "gone-2"));
        AtomicReference<Set<String>> listed = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (KubernetesClient client = server.createClient()) {
            client.nodes().resource(KubernetesNodeWatcherTest.k8sNode(NODE)).create();
            new KubernetesNodeWatcher(client, SubnetRules.of(null, "lab-a=192.168.10.0/24")).run(
                    new KubernetesNodeWatcher.Listener() {
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
                            listed.set(nodeNames);
                            publisher.retainOnly(nodeNames);
                            stop.set(true);
                        }
                    }, stop::get);
        } finally {
            server.destroy();
        }

        assertThat(listed.get()).containsExactly("lab-a-1");
        List<ProducerRecord<String, Object>> sent = producer.history();
        assertThat(sent).filteredOn(r -> r.value() == null).extracting(ProducerRecord::key)
                .containsExactlyInAnyOrder("gone-1", "gone-2");
        assertThat(sent).filteredOn(r -> r.value() != null).extracting(ProducerRecord::key).containsExactly("lab-a-1");
        assertThat(((Node) sent.stream().filter(r -> r.value() != null).findFirst().orElseThrow().value()).getSubnet())
                .isEqualTo("lab-a");
    }

    @Test
    void withoutAnEarlierInventoryOnlyNodesPublishedAndGoneAreRemoved() {
        MockProducer<String, Object> producer = new MockProducer<>(true, null, new StringSerializer(), new Nothing());
        NodeInventoryPublisher publisher = new NodeInventoryPublisher(producer, "nodes");
        publisher.publish(Node.newBuilder().setName("a").setSubnet("s").setAddresses(List.of()).setPodCidrs(List.of())
                .setLabels(java.util.Map.of()).setUpdatedAt(java.time.Instant.EPOCH).build());
        assertThat(publisher.retainOnly(Set.of("a"))).isEmpty();
        assertThat(publisher.retainOnly(Set.of())).containsExactly("a");
    }

    /** The records' bytes do not matter here. */
    private static final class Nothing implements Serializer<Object> {
        @Override
        public byte[] serialize(String topic, Object data) {
            return data == null ? null : new byte[0];
        }
    }
}
