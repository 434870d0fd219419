package io.flowpulse.simulator.gen;

import java.util.Arrays;

/**
 * A min-heap of payloads keyed by time in nanoseconds; equal times come out in insertion order,
 * which keeps the output deterministic. Parallel arrays avoid an entry object per event.
 */
final class EventHeap {

    private long[] times = new long[1024];
    private long[] seqs = new long[1024];
    private Object[] payloads = new Object[1024];
    private int[] tags = new int[1024];
    private int lastTag;
    private int size;
    private long nextSeq;

    void add(long time, Object payload, int tag) {
        if (size == times.length) {
            int capacity = size * 2;
            times = Arrays.copyOf(times, capacity);
            seqs = Arrays.copyOf(seqs, capacity);
            payloads = Arrays.copyOf(payloads, capacity);
            tags = Arrays.copyOf(tags, capacity);
        }
        long seq = nextSeq++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(time, seq, times[parent], seqs[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        times[i] = time;
        seqs[i] = seq;
        payloads[i] = payload;
        tags[i] = tag;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long peekTime() {
        return times[0];
    }

    /** Removes the earliest payload; its tag is then available from {@link #lastTag()}. */
    Object poll() {
        Object top = payloads[0];
        lastTag = tags[0];
        int last = --size;
        long time = times[last];
        long seq = seqs[last];
        Object payload = payloads[last];
        int tag = tags[last];
        payloads[last] = null;
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && less(times[right], seqs[right], times[child], seqs[child])) {
                child = right;
            }
            if (!less(times[child], seqs[child], time, seq)) {
                break;
            }
            move(child, i);
            i = child;
        }
        if (last > 0) {
            times[i] = time;
            seqs[i] = seq;
            payloads[i] = payload;
            tags[i] = tag;
        }
        return top;
    }

    int peekTag() {
        return tags[0];
    }

    int lastTag() {
        return lastTag;
    }

    int size() {
        return size;
    }

    private void move(int from, int to) {
        times[to] = times[from];
        seqs[to] = seqs[from];
        payloads[to] = payloads[from];
        tags[to] = tags[from];
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }
}
