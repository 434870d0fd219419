package io.flowpulse.streams.topology;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A sorted in-memory store for processors run without Kafka Streams ({@link InProcessTopology}). String
 * keys sort as the persistent stores sort them for the keys the processors write (ASCII prefixes).
 * Range and full scans iterate over a copy, so that the caller may change the store meanwhile.
 */
final class MemoryKeyValueStore<K extends Comparable<K>, V> implements KeyValueStore<K, V> {

    private final String name;
    private final TreeMap<K, V> entries = new TreeMap<>();

    MemoryKeyValueStore(String name) {
        this.name = name;
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            entries.remove(key);
        } else {
            entries.put(key, value);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V existing = entries.get(key);
        if (existing == null) {
            put(key, value);
        }
        return existing;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> pairs) {
        pairs.forEach(pair -> put(pair.key, pair.value));
    }

    @Override
    public V delete(K key) {
        return entries.remove(key);
    }

    @Override
    public V get(K key) {
        return entries.get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        if (from != null && to != null && from.compareTo(to) > 0) {
            return iterator(List.of());
        }
        Map<K, V> view = from == null && to == null ? entries
                : from == null ? entries.headMap(to, true)
                : to == null ? entries.tailMap(from, true)
                : entries.subMap(from, true, to, true);
        return iterator(new ArrayList<>(view.entrySet()));
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return iterator(new ArrayList<>(entries.entrySet()));
    }

    @Override
    public long approximateNumEntries() {
        return entries.size();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
    }

    @Override
    public void close() {
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    private static <K, V> KeyValueIterator<K, V> iterator(List<Map.Entry<K, V>> snapshot) {
        Iterator<Map.Entry<K, V>> it = snapshot.iterator();
        return new KeyValueIterator<>() {
            private Map.Entry<K, V> peeked;

            @Override
            public boolean hasNext() {
                return peeked != null || it.hasNext();
            }

            @Override
            public KeyValue<K, V> next() {
                Map.Entry<K, V> entry = take();
                return KeyValue.pair(entry.getKey(), entry.getValue());
            }

            @Override
            public K peekNextKey() {
                if (peeked == null) {
                    peeked = take();
                }
                return peeked.getKey();
            }

            private Map.Entry<K, V> take() {
                if (peeked != null) {
                    Map.Entry<K, V> entry = peeked;
                    peeked = null;
                    return entry;
                }
                if (!it.hasNext()) {
                    throw new NoSuchElementException();
                }
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }
}
