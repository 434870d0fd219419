package io.flowpulse.streams.logic.alert;

import java.util.List;

/**
 * The little the alert evaluator needs from a key-value store. In a Kafka Streams processor it is
 * a {@code KeyValueStore<String, byte[]>} with the codecs of the value types; offline it is
 * {@link InMemoryKeyValueState}.
 */
public interface KeyValueState<V> {

    V get(String key);

    void put(String key, V value);

    void delete(String key);

    /** All keys, sorted. Only called on the store of firing alerts, which stays small. */
    List<String> keys();
}
