package io.flowpulse.streams.logic.alert;

import java.util.List;
import java.util.TreeMap;

/** A {@link KeyValueState} in a sorted map. */
public final class InMemoryKeyValueState<V> implements KeyValueState<V> {

    private final TreeMap<String, V> entries = new TreeMap<>();

    @Override
    public V get(String key) {
        return entries.get(key);
    }

    @Override
    public void put(String key, V value) {
        entries.put(key, value);
    }

    @Override
    public void delete(String key) {
        entries.remove(key);
    }

    @Override
    public List<String> keys() {
        return List.copyOf(entries.keySet());
    }
}
