package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.codec.StateCodec;
import io.flowpulse.streams.logic.state.KeyValueState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A {@link KeyValueState} of the analytics on a Kafka Streams state store (so that it survives
 * restarts): the alert stores, and the SYNs of the stage-1 task waiting for their SYN-ACK.
 */
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

    /** A full scan: used on the pending SYNs, where only SYNs still unanswered are kept, once per closed window. */
    @Override
    public int deleteIf(Predicate<? super V> matches) {
        List<String> doomed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (matches.test(codec.decode(entry.value))) {
                    doomed.add(entry.key);
                }
            }
        }
        doomed.forEach(store::delete);
        return doomed.size();
    }
}
