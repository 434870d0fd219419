package io.flowpulse.streams.logic.latency;

/**
 * Where the handshake matcher keeps SYNs that wait for their SYN-ACK, keyed by
 * {@link FiveTuple#keyAt(String)}. Backed by a Kafka Streams key-value store in the topology
 * (values with {@link PendingSyn#CODEC}) and by {@link InMemoryPendingSynStore} offline.
 */
public interface PendingSynStore {

    PendingSyn get(String key);

    void put(String key, PendingSyn syn);

    void delete(String key);

    /** Removes every pending SYN sent before {@code timeMicros}; returns how many were removed. */
    int deleteSentBefore(long timeMicros);
}
