package io.flowpulse.ingest.nodes;

import io.flowpulse.schemas.avro.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes the node inventory to the compacted nodes topic: one record per node keyed by its
 * name, a tombstone (null value) when a node is gone.
 */
public final class NodeInventoryPublisher {

    private final Producer<String, Object> producer;
    private final String topic;
    private final Supplier<Set<String>> inTopic;
    private final Set<String> published = ConcurrentHashMap.newKeySet();

    /** A publisher that knows only the nodes it published itself. */
    public NodeInventoryPublisher(Producer<String, Object> producer, String topic) {
        this(producer, topic, Set::of);
    }

    /**
     * @param inTopic the names the topic holds from earlier runs (see {@link NodeTopicKeys#reader}),
     *                asked by {@link #retainOnly}
     */
    public NodeInventoryPublisher(Producer<String, Object> producer, String topic, Supplier<Set<String>> inTopic) {
        this.producer = producer;
        this.topic = topic;
        this.inTopic = inTopic;
    }

    public void publish(Node node) {
        producer.send(new ProducerRecord<>(topic, node.getName(), node));
        published.add(node.getName());
    }

    public void remove(String nodeName) {
        producer.send(new ProducerRecord<>(topic, nodeName, null));
        published.remove(nodeName);
    }

    /**
     * After a complete list of the cluster's nodes: a tombstone for every node the topic holds (or
     * this publisher published one by one) that is not in {@code present}, such as a node deleted
     * while ingest was down. Returns the names removed.
     */
    public Set<String> retainOnly(Set<String> present) {
        Set<String> gone = new TreeSet<>(inTopic.get());
        gone.addAll(published);
        gone.removeAll(present);
        for (String name : gone) {
            remove(name);
        }
        producer.flush();
        return gone;
    }

    /** Publishes every node and waits until Kafka has them all. */
    public void publishAll(Collection<Node> nodes) throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Node node : nodes) {
            acks.add(producer.send(new ProducerRecord<>(topic, node.getName(), node)));
        }
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish the node inventory to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
