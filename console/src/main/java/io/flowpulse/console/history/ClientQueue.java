package io.flowpulse.console.history;

import java.util.ArrayDeque;
import java.util.List;

/**
 * What one client has still to be sent, bounded. The producer side ({@link #offer}) never
 * blocks: when the queue is full it is emptied and marked, and the client's next {@link #take}
 * answers {@link Next.Kind#SNAPSHOT}: the client gets a fresh snapshot instead of the events it
 * could not keep up with, and nothing else waits for it.
 */
public final class ClientQueue {

    /** What the client's writer does next. */
    public record Next(Kind kind, ConsoleEvent event) {
        public enum Kind { EVENT, SNAPSHOT, IDLE, CLOSED }

        static final Next SNAPSHOT = new Next(Kind.SNAPSHOT, null);
        static final Next IDLE = new Next(Kind.IDLE, null);
        static final Next CLOSED = new Next(Kind.CLOSED, null);
    }

    private final int capacity;
    private final ArrayDeque<ConsoleEvent> events;
    private boolean snapshotDue;
    private boolean closed;
    private long overflows;

    public ClientQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 256));
    }

    /**
     * Queues an event for the client. Returns false when this event overflowed the queue (it and
     * every queued event are discarded, a snapshot is due); events offered while a snapshot is
     * due are discarded too, as the snapshot will hold them.
     */
    public synchronized boolean offer(ConsoleEvent event) {
        if (closed || snapshotDue) {
            return true;
        }
        if (events.size() >= capacity) {
            events.clear();
            snapshotDue = true;
            overflows++;
            notifyAll();
            return false;
        }
        events.addLast(event);
        if (events.size() == 1) {
            notifyAll();
        }
        return true;
    }

    /** Asks for a snapshot as the next thing sent (a new client, or one that cannot resume). */
    public synchronized void requestSnapshot() {
        events.clear();
        snapshotDue = true;
        notifyAll();
    }

    /** Queues the events a resuming client missed; more than fit means a snapshot instead. */
    public synchronized void resume(List<ConsoleEvent> missed) {
        events.clear();
        if (missed.size() > capacity) {
            snapshotDue = true;
        } else {
            events.addAll(missed);
        }
        notifyAll();
    }

    /** Called with the snapshot taken: what was queued is in it. */
    public synchronized void snapshotTaken() {
        events.clear();
        snapshotDue = false;
    }

    /**
     * The next thing to send, waiting up to {@code timeoutMillis}: a snapshot when one is due,
     * else the oldest queued event, {@code IDLE} after the timeout, {@code CLOSED} once closed.
     */
    public synchronized Next take(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!closed && !snapshotDue && events.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return Next.IDLE;
            }
            wait(left);
        }
        if (closed) {
            return Next.CLOSED;
        }
        if (snapshotDue) {
            return Next.SNAPSHOT;
        }
        return new Next(Next.Kind.EVENT, events.pollFirst());
    }

    /** True when nothing is queued and no snapshot is due: the writer may flush. */
    public synchronized boolean isDrained() {
        return events.isEmpty() && !snapshotDue;
    }

    public synchronized int size() {
        return events.size();
    }

    public synchronized long overflows() {
        return overflows;
    }

    public synchronized void close() {
        closed = true;
        events.clear();
        notifyAll();
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
