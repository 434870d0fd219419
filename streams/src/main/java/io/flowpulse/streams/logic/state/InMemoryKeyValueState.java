package io.flowpulse.streams.logic.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A {@link KeyValueState} in a hash map, for offline replays and tests. */
public final class InMemoryKeyValueState<V> implements KeyValueState<V> {

    private final Map<String, V> entries = new HashMap<>();

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
        return entries.keySet().stream().sorted().toList();
    }

    @Override
    public int deleteIf(Predicate<? super V> matches) {
        int before = entries.size();
        entries.values().removeIf(matches);
        return before - entries.size();
    }

    public int size() {
        return entries.size();
    }
}
