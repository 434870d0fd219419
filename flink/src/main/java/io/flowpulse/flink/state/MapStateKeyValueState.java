package io.flowpulse.flink.state;

import io.flowpulse.streams.logic.codec.StateCodec;
import io.flowpulse.streams.logic.state.KeyValueState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.api.common.state.MapState;

/**
 * The key-value state of the streams module's logic (pending TCP handshakes, alert state) over a
 * Flink {@link MapState} of the current key, values in the bytes of the logic's own codec.
 */
public final class MapStateKeyValueState<V> implements KeyValueState<V> {

    private final MapState<String, byte[]> state;
    private final StateCodec<V> codec;

    public MapStateKeyValueState(MapState<String, byte[]> state, StateCodec<V> codec) {
        this.state = state;
        this.codec = codec;
    }

    @Override
    public V get(String key) {
        byte[] bytes = call(() -> state.get(key));
        return bytes == null ? null : codec.decode(bytes);
    }

    @Override
    public void put(String key, V value) {
        run(() -> state.put(key, codec.encode(value)));
    }

    @Override
    public void delete(String key) {
        run(() -> state.remove(key));
    }

    @Override
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        run(() -> state.keys().forEach(keys::add));
        Collections.sort(keys);
        return keys;
    }

    @Override
    public int deleteIf(Predicate<? super V> matches) {
        int[] removed = {0};
        run(() -> {
            Iterator<Map.Entry<String, byte[]>> entries = state.iterator();
            while (entries.hasNext()) {
                if (matches.test(codec.decode(entries.next().getValue()))) {
                    entries.remove();
                    removed[0]++;
                }
            }
        });
        return removed[0];
    }

    private interface StateCall<T> {
        T call() throws Exception;
    }

    private interface StateRun {
        void run() throws Exception;
    }

    private static <T> T call(StateCall<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Flink state access failed", e);
        }
    }

    private static void run(StateRun run) {
        call(() -> {
            run.run();
            return null;
        });
    }
}
