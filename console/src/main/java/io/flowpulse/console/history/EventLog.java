package io.flowpulse.console.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The recent history: events with consecutive ids, oldest first, bounded by count and by age
 * (time since arrival). Eviction only ever removes the oldest events, so the retained ids always
 * form one unbroken range {@code [oldestId, lastId]}, which is what lets a reconnecting client
 * resume exactly after the last id it saw. Not thread-safe: {@link EventHub} guards it.
 */
public final class EventLog {

    private final ConsoleEvent[] ring;
    private final long maxAgeMillis;
    private final LongSupplier clock;
    private long nextId;
    private int head;
    private int size;

    /**
     * @param maxEvents most events kept
     * @param maxAge    events that arrived longer ago than this are dropped
     * @param clock     epoch milliseconds
     * @param firstId   id of the first event; a console that starts from the wall clock in
     *                  microseconds gives ids that keep growing across restarts
     */
    public EventLog(int maxEvents, Duration maxAge, LongSupplier clock, long firstId) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1, got " + maxEvents);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
        }
        if (firstId < 1) {
            throw new IllegalArgumentException("firstId must be positive, got " + firstId);
        }
        this.ring = new ConsoleEvent[maxEvents];
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = Objects.requireNonNull(clock);
        this.nextId = firstId;
    }

    /** Appends with the next id, then drops what is too old or too many. */
    public ConsoleEvent append(String type, String json) {
        long now = clock.getAsLong();
        ConsoleEvent event = new ConsoleEvent(nextId++, type, json, now);
        if (size == ring.length) {
            removeOldest();
        }
        ring[(head + size) % ring.length] = event;
        size++;
        trim(now);
        return event;
    }

    /** Drops the events that arrived more than the maximum age before now. */
    public void trim() {
        trim(clock.getAsLong());
    }

    private void trim(long now) {
        long cutoff = now - maxAgeMillis;
        while (size > 0 && ring[head].arrivedAt() < cutoff) {
            removeOldest();
        }
    }

    private void removeOldest() {
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
    }

    /** Id of the newest event ever appended; one less than the first id while nothing was. */
    public long lastId() {
        return nextId - 1;
    }

    /** Id of the oldest retained event; {@code lastId() + 1} when the history is empty. */
    public long oldestId() {
        return size == 0 ? nextId : ring[head].id();
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return ring.length;
    }

    /** Every retained event, oldest first. */
    public List<ConsoleEvent> all() {
        List<ConsoleEvent> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(ring[(head + i) % ring.length]);
        }
        return out;
    }

    /**
     * The events after {@code id}, oldest first, when they are all still here: empty list when
     * {@code id} is the last id; {@link Optional#empty()} when events after it were evicted
     * (the client missed some) or when {@code id} was never given out (another console's id).
     */
    public Optional<List<ConsoleEvent>> after(long id) {
        if (id > lastId() || id < oldestId() - 1) {
            return Optional.empty();
        }
        int skip = (int) (id - oldestId() + 1);
        List<ConsoleEvent> out = new ArrayList<>(size - skip);
        for (int i = skip; i < size; i++) {
            out.add(ring[(head + i) % ring.length]);
        }
        return Optional.of(out);
    }
}
