package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.alert.KeyValueState;
import io.flowpulse.streams.logic.codec.StateCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** A {@link KeyValueState} of the alert logic on a Kafka Streams state store. */
final class StoreKeyValueState<V> implements KeyValueState<V> {

    private final KeyValueStore<String, byte[]> store;
    private final StateCodec<V> codec;

    StoreKeyValueState(KeyValueStore<String, byte[]> store, StateCodec<V> codec) {
        this.store = store;
        this.codec = codec;
    }

    @Override
    public V get(String key) {
        byte[] bytes = store.get(key);
        return bytes == null ? null : codec.decode(bytes);
    }

    @Override
    public void put(String key, V value) {
        store.put(key, codec.encode(value));
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    @Override
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.sort(null);
        return keys;
    }
}
