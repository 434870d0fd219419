package io.flowpulse.ingest.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over of records from one source thread to one sending thread, in batches:
 * the sender takes everything waiting at once (swapping two lists), and the source wakes the
 * sender only when it sleeps. At high rates a record costs an uncontended lock, not a thread
 * wake-up, which on a small VM costs more than sending the record.
 */
final class SendQueue<T> {

    private final int capacity;
    private List<T> filling;
    private boolean senderWaiting;
    private boolean sourceWaiting;

    SendQueue(int capacity) {
        this.capacity = capacity;
        this.filling = new ArrayList<>(capacity);
    }

    /** Adds one item, waiting up to {@code timeout} for room; false when there was none. */
    synchronized boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (filling.size() >= capacity) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            sourceWaiting = true;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        filling.add(item);
        if (senderWaiting) {
            notifyAll();
        }
        return true;
    }

    /**
     * Moves everything waiting into {@code into} (which must be empty), waiting up to
     * {@code timeout} for the first item; returns the list that now collects new items' successor.
     */
    synchronized List<T> takeAll(List<T> into, long timeout, TimeUnit unit) throws InterruptedException {
        if (filling.isEmpty()) {
            senderWaiting = true;
            TimeUnit.NANOSECONDS.timedWait(this, unit.toNanos(timeout));
            senderWaiting = false;
        }
        List<T> taken = filling;
        filling = into;
        if (sourceWaiting) {
            sourceWaiting = false;
            notifyAll();
        }
        return taken;
    }

    synchronized int size() {
        return filling.size();
    }
}
