package io.flowpulse.ingest.nodes;

import io.flowpulse.schemas.avro.Node;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Where ingest takes the node inventory from; started before the first flow is read. */
@FunctionalInterface
public interface NodeSource {

    /** No inventory. */
    NodeSource NONE = (publisher, stop) -> { };

    /** Publishes what is known now; may go on in the background (a watch) until {@code stop} says so. */
    void start(NodeInventoryPublisher publisher, BooleanSupplier stop) throws Exception;

    /** These nodes, published once and acknowledged before the flows start. */
    static NodeSource of(List<Node> nodes) {
        List<Node> copy = List.copyOf(nodes);
        return (publisher, stop) -> publisher.publishAll(copy);
    }
}
