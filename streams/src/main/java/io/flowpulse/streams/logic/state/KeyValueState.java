package io.flowpulse.streams.logic.state;

import java.util.List;
import java.util.function.Predicate;

/**
 * The little the analytics need from a key-value store: the alert evaluator's stores and the
 * handshake matcher's pending SYNs. In a Kafka Streams processor it is a
 * {@code KeyValueStore<String, byte[]>} with the codec of the value type; offline it is
 * {@link InMemoryKeyValueState}.
 */
public interface KeyValueState<V> {

    V get(String key);

    void put(String key, V value);

    void delete(String key);

    /** All keys, sorted. Only called on the store of firing alerts, which stays small. */
    List<String> keys();

    /** Removes every entry whose value matches; returns how many were removed. */
    int deleteIf(Predicate<? super V> matches);
}
