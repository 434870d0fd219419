package io.flowpulse.simulator.server;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The recent events of every node, one ring buffer per node like Hubble's agents keep, and the
 * live subscriptions of following clients. A subscription starts with a snapshot taken under the
 * same lock that publishing holds, so a follower sees every event exactly once.
 */
public final class FlowStore {

    public static final int DEFAULT_RING_CAPACITY = 4095;
    /** Events a follower may fall behind by before the newest are lost (the observer's event queue). */
    public static final int DEFAULT_FOLLOW_QUEUE_CAPACITY = 65_536;

    private final int ringCapacity;
    private final int followQueueCapacity;
    private final Map<String, NodeRing> rings = new LinkedHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private long nextSeq;

    /** @param nodes the nodes known up front (others get a ring when their first event arrives) */
    public FlowStore(Collection<String> nodes, int ringCapacity) {
        this(nodes, ringCapacity, DEFAULT_FOLLOW_QUEUE_CAPACITY);
    }

    public FlowStore(Collection<String> nodes, int ringCapacity, int followQueueCapacity) {
        if (ringCapacity < 1) {
            throw new IllegalArgumentException("ring capacity must be positive, not " + ringCapacity);
        }
        if (followQueueCapacity < 1) {
            throw new IllegalArgumentException("follow queue capacity must be positive, not " + followQueueCapacity);
        }
        this.ringCapacity = ringCapacity;
        this.followQueueCapacity = followQueueCapacity;
        for (String node : nodes) {
            rings.put(node, new NodeRing(node, ringCapacity));
        }
    }

    public synchronized void publish(GetFlowsResponse event) {
        append(event);
    }

    public synchronized void publishAll(List<GetFlowsResponse> events) {
        for (GetFlowsResponse event : events) {
            append(event);
        }
    }

    private void append(GetFlowsResponse event) {
        EncodedEvent encoded = new EncodedEvent(event);
        NodeRing ring = rings.computeIfAbsent(event.getNodeName(), n -> new NodeRing(n, ringCapacity));
        ring.add(nextSeq++, encoded);
        for (Subscription s : subscriptions) {
            s.offer(encoded);
        }
    }

    /** All buffered events of all nodes in the order they were published. */
    public List<GetFlowsResponse> snapshot() {
        return events(encodedSnapshot());
    }

    synchronized List<EncodedEvent> encodedSnapshot() {
        return mergedLocked();
    }

    /** Registers a follower; its backlog is the snapshot at the moment of registration. */
    public synchronized Subscription subscribe(Predicate<GetFlowsResponse> filter) {
        Subscription s = new Subscription(mergedLocked(), filter, followQueueCapacity);
        subscriptions.add(s);
        return s;
    }

    /** Followers currently registered. */
    public int subscriberCount() {
        return subscriptions.size();
    }

    void unsubscribe(Subscription s) {
        subscriptions.remove(s);
    }

    private List<EncodedEvent> mergedLocked() {
        List<NodeRing> list = new ArrayList<>(rings.values());
        int total = 0;
        for (NodeRing r : list) {
            total += r.size();
        }
        List<EncodedEvent> merged = new ArrayList<>(total);
        int[] positions = new int[list.size()];
        for (int taken = 0; taken < total; taken++) {
            int best = -1;
            long bestSeq = Long.MAX_VALUE;
            for (int i = 0; i < list.size(); i++) {
                if (positions[i] < list.get(i).size()) {
                    long seq = list.get(i).seqAt(positions[i]);
                    if (seq < bestSeq) {
                        bestSeq = seq;
                        best = i;
                    }
                }
            }
            merged.add(list.get(best).eventAt(positions[best]++));
        }
        return merged;
    }

    public synchronized long numFlows() {
        long n = 0;
        for (NodeRing r : rings.values()) {
            n += r.size();
        }
        return n;
    }

    public synchronized long maxFlows() {
        return (long) ringCapacity * rings.size();
    }

    public synchronized long seenFlows() {
        return nextSeq;
    }

    public int ringCapacity() {
        return ringCapacity;
    }

    /** Per node: buffered events, capacity, events seen. */
    public synchronized Map<String, long[]> nodeCounters() {
        Map<String, long[]> result = new LinkedHashMap<>();
        rings.forEach((name, r) -> result.put(name, new long[] {r.size(), r.capacity(), r.seen()}));
        return result;
    }

    /**
     * Flows per second over the last minute of event time in the buffers, as Hubble derives its
     * rate from the ring buffer (so it cannot exceed what the buffers hold).
     */
    public synchronized double flowsRate() {
        long newest = Long.MIN_VALUE;
        for (NodeRing r : rings.values()) {
            if (r.size() > 0) {
                newest = Math.max(newest, r.eventAt(r.size() - 1).nanos());
            }
        }
        if (newest == Long.MIN_VALUE) {
            return 0;
        }
        long from = newest - 60_000_000_000L;
        long count = 0;
        for (NodeRing r : rings.values()) {
            for (int i = r.size() - 1; i >= 0 && r.eventAt(i).nanos() > from; i--) {
                count++;
            }
        }
        return count / 60.0;
    }

    static long nanos(GetFlowsResponse r) {
        return r.getTime().getSeconds() * 1_000_000_000L + r.getTime().getNanos();
    }

    private static List<GetFlowsResponse> events(List<EncodedEvent> encoded) {
        List<GetFlowsResponse> events = new ArrayList<>(encoded.size());
        for (EncodedEvent e : encoded) {
            events.add(e.event());
        }
        return events;
    }

    /** A follower's queue of new events. When it is full, events are counted as lost, as Hubble does. */
    public final class Subscription implements AutoCloseable {
        private final List<EncodedEvent> backlog;
        private final Predicate<GetFlowsResponse> filter;
        private final BlockingQueue<EncodedEvent> queue;
        private final AtomicLong lost = new AtomicLong();

        private Subscription(List<EncodedEvent> backlog, Predicate<GetFlowsResponse> filter, int capacity) {
            this.backlog = backlog;
            this.filter = filter;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        private void offer(EncodedEvent event) {
            if (filter.test(event.event()) && !queue.offer(event)) {
                lost.incrementAndGet();
            }
        }

        public List<GetFlowsResponse> backlog() {
            return events(backlog);
        }

        /** The backlog, which the subscriber may read without copying (it is its own list). */
        List<EncodedEvent> encodedBacklog() {
            return backlog;
        }

        public GetFlowsResponse poll(long timeout, TimeUnit unit) throws InterruptedException {
            EncodedEvent event = queue.poll(timeout, unit);
            return event == null ? null : event.event();
        }

        EncodedEvent pollEncoded(long timeout, TimeUnit unit) throws InterruptedException {
            return queue.poll(timeout, unit);
        }

        /** Moves up to max queued events into the collection without waiting; returns how many. */
        int drainTo(Collection<EncodedEvent> into, int max) {
            return queue.drainTo(into, max);
        }

        /** Events lost since the last call. */
        public long takeLost() {
            // reading first spares a write per event while nothing is lost
            return lost.get() == 0 ? 0 : lost.getAndSet(0);
        }

        @Override
        public void close() {
            unsubscribe(this);
        }
    }
}
