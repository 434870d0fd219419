package io.flowpulse.streams.logic.latency;

import java.util.HashMap;
import java.util.Map;

/** A {@link PendingSynStore} in a hash map, for offline replays and tests. */
public final class InMemoryPendingSynStore implements PendingSynStore {

    private final Map<String, PendingSyn> pending = new HashMap<>();

    @Override
    public PendingSyn get(String key) {
        return pending.get(key);
    }

    @Override
    public void put(String key, PendingSyn syn) {
        pending.put(key, syn);
    }

    @Override
    public void delete(String key) {
        pending.remove(key);
    }

    @Override
    public int deleteSentBefore(long timeMicros) {
        int before = pending.size();
        pending.values().removeIf(syn -> syn.synTimeMicros() < timeMicros);
        return before - pending.size();
    }

    public int size() {
        return pending.size();
    }
}
