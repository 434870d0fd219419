package io.flowpulse.streams.logic.limit;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bounds the state of open windows against a flood of new keys (say 100,000 new workloads in a
 * minute): at most {@code maxKeys} distinct keys per aggregate type in each open window. The caller
 * asks {@link #admit} for every key that is not open yet in its window; beyond the limit the answer
 * is to fold the key's contribution into the type's overflow key ({@link OverflowKeys}), which is
 * never counted. Nothing is dropped: the overflow key's window carries what the folded keys added.
 *
 * <p>One instance per stage-1 task (flows partition): it counts what that task's state holds, so
 * the caller must tell it about keys found in restored state ({@link #restored}) and about windows
 * it hands on ({@link #forgetUpTo}). Not thread-safe.
 */
public final class WindowKeyLimit {

    /** High above every recorded capture and benchmark (at most 10,000 keys per window so far). */
    public static final int DEFAULT_MAX_KEYS = 50_000;

    /** What to do with a key that is not open yet in its window. */
    public enum Admission {
        /** Open it: the window has room (now counted). */
        OPEN,
        /** Fold it into the overflow key: the window is full for this type. */
        FOLD,
        /** As {@link #FOLD}, and the first fold of this type in this window: say so once. */
        FIRST_FOLD;

        public boolean folds() {
            return this != OPEN;
        }
    }

    private final int maxKeys;
    /** Window start -> type tag -> its keys. */
    private final TreeMap<Long, Map<Character, TypeKeys>> windows = new TreeMap<>();

    public WindowKeyLimit(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("the most keys per window must be at least 1, got " + maxKeys);
        }
        this.maxKeys = maxKeys;
    }

    public int maxKeys() {
        return maxKeys;
    }

    /** A key of type {@code type} that is not open in the window starting at {@code windowStart}. */
    public Admission admit(long windowStart, char type) {
        TypeKeys keys = keys(windowStart, type);
        if (keys.count < maxKeys) {
            keys.count++;
            return Admission.OPEN;
        }
        if (keys.folded) {
            return Admission.FOLD;
        }
        keys.folded = true;
        return Admission.FIRST_FOLD;
    }

    /** A (non-overflow) key found open in restored state, so that a restart counts what is there. */
    public void restored(long windowStart, char type) {
        keys(windowStart, type).count++;
    }

    /** The windows starting at or before {@code windowStart} left the state: forget their keys. */
    public void forgetUpTo(long windowStart) {
        windows.headMap(windowStart, true).clear();
    }

    /** Distinct keys counted for a type in a window (the overflow key not included). */
    public int openKeys(long windowStart, char type) {
        Map<Character, TypeKeys> types = windows.get(windowStart);
        TypeKeys keys = types == null ? null : types.get(type);
        return keys == null ? 0 : keys.count;
    }

    /** Windows with counted keys. */
    public int openWindows() {
        return windows.size();
    }

    private TypeKeys keys(long windowStart, char type) {
        return windows.computeIfAbsent(windowStart, start -> new HashMap<>(4))
                .computeIfAbsent(type, t -> new TypeKeys());
    }

    private static final class TypeKeys {
        int count;
        boolean folded;
    }
}
