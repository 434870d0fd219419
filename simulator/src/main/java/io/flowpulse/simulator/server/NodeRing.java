package io.flowpulse.simulator.server;

/** A node's ring buffer of recent events, as Hubble keeps one per agent. Guarded by the store's lock. */
final class NodeRing {

    private final String node;
    private final EncodedEvent[] events;
    private final long[] seqs;
    private int next;
    private int size;
    private long seen;

    NodeRing(String node, int capacity) {
        this.node = node;
        this.events = new EncodedEvent[capacity];
        this.seqs = new long[capacity];
    }

    void add(long seq, EncodedEvent event) {
        events[next] = event;
        seqs[next] = seq;
        next = (next + 1) % events.length;
        if (size < events.length) {
            size++;
        }
        seen++;
    }

    String node() {
        return node;
    }

    int size() {
        return size;
    }

    int capacity() {
        return events.length;
    }

    long seen() {
        return seen;
    }

    /** The i-th oldest entry's sequence number (0 = oldest). */
    long seqAt(int i) {
        return seqs[(next - size + i + events.length) % events.length];
    }

    EncodedEvent eventAt(int i) {
        return events[(next - size + i + events.length) % events.length];
    }
}
