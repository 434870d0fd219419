package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.latency.PendingSyn;
import io.flowpulse.streams.logic.latency.PendingSynStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** SYNs waiting for their SYN-ACK, in a state store of the stage-1 task (so they survive restarts). */
final class StorePendingSyns implements PendingSynStore {

    private final KeyValueStore<String, byte[]> store;

    StorePendingSyns(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    @Override
    public PendingSyn get(String key) {
        byte[] bytes = store.get(key);
        return bytes == null ? null : PendingSyn.CODEC.decode(bytes);
    }

    @Override
    public void put(String key, PendingSyn syn) {
        store.put(key, PendingSyn.CODEC.encode(syn));
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    /** A full scan: only SYNs still unanswered are in the store, and it runs once per closed window. */
    @Override
    public int deleteSentBefore(long timeMicros) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (PendingSyn.CODEC.decode(entry.value).synTimeMicros() < timeMicros) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
        return expired.size();
    }
}
