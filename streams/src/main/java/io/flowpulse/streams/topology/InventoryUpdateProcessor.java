package io.flowpulse.streams.topology;

import io.flowpulse.schemas.avro.Node;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Global processor of the node inventory topic: keeps the global store and the shared
 * {@link InventoryHolder} in step. {@link #init} loads what the store restored, because restoring
 * a global store does not pass through this processor.
 */
final class InventoryUpdateProcessor implements Processor<String, Node, Void, Void> {

    private final String storeName;
    private final InventoryHolder holder;
    private KeyValueStore<String, Node> store;

    InventoryUpdateProcessor(String storeName, InventoryHolder holder) {
        this.storeName = storeName;
        this.holder = holder;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        List<Node> restored = new ArrayList<>();
        try (KeyValueIterator<String, Node> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Node> entry = all.next();
                if (entry.value != null) {
                    restored.add(entry.value);
                }
            }
        }
        holder.replaceTopicNodes(restored);
    }

    @Override
    public void process(Record<String, Node> record) {
        String name = record.key();
        if (name == null) {
            throw new IllegalArgumentException("node inventory record without a key (the key must be the node name)");
        }
        Node node = record.value();
        if (node == null) {
            store.delete(name);
            holder.remove(name);
            return;
        }
        if (!name.equals(node.getName())) {
            throw new IllegalArgumentException("node inventory record key '" + name + "' differs from the node name '"
                    + node.getName() + "'");
        }
        holder.put(node);
        store.put(name, node);
    }
}
