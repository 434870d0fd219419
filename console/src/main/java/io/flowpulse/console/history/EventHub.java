package io.flowpulse.console.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * The history and the clients that follow it. Publishing appends to the {@link EventLog} and
 * offers the event to every client's {@link ClientQueue} under one lock, without blocking; a
 * snapshot is copied under the same lock, so a client's snapshot at id n is followed by exactly
 * the events after n. The node inventory (latest record per node) travels in every snapshot.
 */
public final class EventHub {

    /** A consistent copy: the history up to {@code lastId} and the inventory at that point. */
    public record Snapshot(long lastId, List<ConsoleEvent> events, List<String> nodes) {
    }

    private final EventLog log;
    private final int queueCapacity;
    private final LongConsumer onOverflow;
    private final Map<String, String> nodes = new TreeMap<>();
    private final List<ClientQueue> clients = new CopyOnWriteArrayList<>();
    private long overflows;

    /**
     * @param queueCapacity events a client may have outstanding before it gets a snapshot instead
     * @param onOverflow    told of each overflow (for a metric), with the total so far
     */
    public EventHub(EventLog log, int queueCapacity, LongConsumer onOverflow) {
        this.log = log;
        this.queueCapacity = queueCapacity;
        this.onOverflow = onOverflow;
    }

    /** Appends an event to the history and hands it to every client. */
    public synchronized ConsoleEvent publish(String type, String json) {
        ConsoleEvent event = log.append(type, json);
        for (ClientQueue client : clients) {
            if (!client.offer(event)) {
                overflows++;
                onOverflow.accept(overflows);
            }
        }
        return event;
    }

    /** Records the latest inventory entry of a node (null json: removed) and publishes the change. */
    public synchronized ConsoleEvent publishNode(String name, String json, String eventJson) {
        if (json == null) {
            nodes.remove(name);
        } else {
            nodes.put(name, json);
        }
        return publish(ConsoleEvent.NODE, eventJson);
    }

    /**
     * A new client. With the id of the last event it saw (a reconnect) it gets the events after
     * it, when they are all still in the history and fit its queue; otherwise, and without an
     * id, a snapshot first.
     */
    public synchronized ClientQueue subscribe(OptionalLong lastEventId) {
        ClientQueue queue = new ClientQueue(queueCapacity);
        Optional<List<ConsoleEvent>> missed = lastEventId.isPresent() ? log.after(lastEventId.getAsLong())
                : Optional.empty();
        if (missed.isPresent()) {
            queue.resume(missed.get());
        } else {
            queue.requestSnapshot();
        }
        clients.add(queue);
        return queue;
    }

    public void unsubscribe(ClientQueue queue) {
        clients.remove(queue);
        queue.close();
    }

    /** Copies the history for {@code queue} and clears it: what follows in it comes after the copy. */
    public synchronized Snapshot snapshotFor(ClientQueue queue) {
        queue.snapshotTaken();
        return snapshot();
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(log.lastId(), log.all(), new ArrayList<>(nodes.values()));
    }

    /** Events after {@code id}, as {@link EventLog#after}. */
    public synchronized Optional<List<ConsoleEvent>> after(long id) {
        return log.after(id);
    }

    /** Ages out old history; called now and then, as history otherwise only trims on arrival. */
    public synchronized void trim() {
        log.trim();
    }

    public synchronized int historySize() {
        return log.size();
    }

    public synchronized long lastId() {
        return log.lastId();
    }

    public synchronized long overflows() {
        return overflows;
    }

    public int clientCount() {
        return clients.size();
    }

    /** Ends every client's stream (their writers see CLOSED). */
    public void closeAll() {
        for (ClientQueue client : clients) {
            client.close();
        }
        clients.clear();
    }
}
