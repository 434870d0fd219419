package io.flowpulse.ingest.nodes;

import io.flowpulse.schemas.avro.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the node inventory to the compacted nodes topic: one record per node keyed by its
 * name, a tombstone (null value) when a node is gone.
 */
public final class NodeInventoryPublisher {

    private final Producer<String, Object> producer;
    private final String topic;

    public NodeInventoryPublisher(Producer<String, Object> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public void publish(Node node) {
        producer.send(new ProducerRecord<>(topic, node.getName(), node));
    }

    public void remove(String nodeName) {
        producer.send(new ProducerRecord<>(topic, nodeName, null));
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
