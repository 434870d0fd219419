package io.flowpulse.simulator.server;

import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos.LostEvent;
import io.flowpulse.hubble.flow.FlowProtos.LostEventSource;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Answers one GetFlows call on its own thread: the requested backlog, then (with follow) new
 * events as they are published. Sends only while the transport is ready, so a slow client holds
 * events in its subscription queue (and loses the overflow, reported as lost events) instead of
 * filling the server's memory.
 */
final class FlowStreamer implements Runnable {

    private static final int FOLLOW_BATCH = 256;

    private final ServerCallStreamObserver<EncodedEvent> out;
    private final GetFlowsRequest request;
    private final Predicate<GetFlowsResponse> filter;
    private final boolean filtered;
    private final long since;
    private final long until;
    private final FlowStore store;
    private final String relayNodeName;
    private final Runnable onDone;
    private static final int ON_READY_THRESHOLD_BYTES = 1 << 20;
    private final Object readiness = new Object();
    private volatile boolean cancelled;
    private volatile boolean closing;

    FlowStreamer(ServerCallStreamObserver<EncodedEvent> out, GetFlowsRequest request,
                 Predicate<GetFlowsResponse> filter, FlowStore store, String relayNodeName, Runnable onDone) {
        this.out = out;
        this.request = request;
        this.filter = filter;
        this.filtered = request.getWhitelistCount() > 0 || request.getBlacklistCount() > 0;
        this.since = request.hasSince() ? nanos(request.getSince()) : Long.MIN_VALUE;
        this.until = request.hasUntil() ? nanos(request.getUntil()) : Long.MAX_VALUE;
        this.store = store;
        this.relayNodeName = relayNodeName;
        this.onDone = onDone;
        // gRPC calls a stream ready while less than 32 KiB (about 40 flows) wait to be written; a
        // larger allowance lets this thread hand whole runs of flows to the transport per wake-up
        out.setOnReadyThreshold(ON_READY_THRESHOLD_BYTES);
        out.setOnReadyHandler(this::wake);
        out.setOnCancelHandler(() -> {
            cancelled = true;
            wake();
        });
    }

    /** Ends the stream with UNAVAILABLE, as a stopping server does. */
    void close() {
        closing = true;
        wake();
    }

    @Override
    public void run() {
        FlowStore.Subscription subscription = null;
        try {
            List<EncodedEvent> buffered;
            if (request.getFollow()) {
                subscription = store.subscribe(filter);
                buffered = subscription.encodedBacklog();
            } else {
                buffered = store.encodedSnapshot();
            }
            if (!sendBacklog(buffered)) {
                return;
            }
            if (subscription == null) {
                out.onCompleted();
                return;
            }
            follow(subscription);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
            finishIfClosing();
        } catch (RuntimeException e) {
            if (!cancelled) {
                out.onError(Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException());
            }
        } finally {
            if (subscription != null) {
                subscription.close();
            }
            onDone.run();
        }
    }

    /** Sends the buffered events the request asks for; false when the call is over. */
    private boolean sendBacklog(List<EncodedEvent> buffered) throws InterruptedException {
        long number = request.getNumber();
        if (number > 0) {
            return request.getFirst() ? sendFirst(buffered, number) : sendLast(buffered, number);
        }
        if (request.hasSince() || !request.getFollow()) {
            for (EncodedEvent event : buffered) {
                if (matches(event) && !send(event)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean sendFirst(List<EncodedEvent> buffered, long number) throws InterruptedException {
        long sent = 0;
        for (int i = 0; i < buffered.size() && sent < number; i++) {
            EncodedEvent event = buffered.get(i);
            if (matches(event)) {
                if (!send(event)) {
                    return false;
                }
                sent++;
            }
        }
        return true;
    }

    /** Finds the last matching events scanning backwards, then sends them oldest first. */
    private boolean sendLast(List<EncodedEvent> buffered, long number) throws InterruptedException {
        int n = (int) Math.min(number, buffered.size());
        EncodedEvent[] last = new EncodedEvent[n];
        int found = 0;
        for (int i = buffered.size() - 1; i >= 0 && found < n; i--) {
            EncodedEvent event = buffered.get(i);
            if (matches(event)) {
                last[n - 1 - found++] = event;
            }
        }
        for (int i = n - found; i < n; i++) {
            if (!send(last[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(EncodedEvent event) {
        long t = event.nanos();
        return t >= since && t <= until && (!filtered || filter.test(event.event()));
    }

    /** Sends new events (the subscription has filtered them) until one is past until or the call ends. */
    private void follow(FlowStore.Subscription subscription) throws InterruptedException {
        Queue<EncodedEvent> pending = new ArrayDeque<>(FOLLOW_BATCH);
        while (!cancelled && !closing) {
            long lost = subscription.takeLost();
            if (lost > 0 && !send(new EncodedEvent(lostEvents(lost)))) {
                return;
            }
            EncodedEvent event = next(subscription, pending);
            if (event == null) {
                continue;
            }
            long t = event.nanos();
            if (t > until) {
                out.onCompleted();
                return;
            }
            if (t >= since && !send(event)) {
                return;
            }
        }
        finishIfClosing();
    }

    /** The next new event, or null after 100 ms without one. Takes the queue's lock once per batch, not per event. */
    private static EncodedEvent next(FlowStore.Subscription subscription, Queue<EncodedEvent> pending)
            throws InterruptedException {
        if (pending.isEmpty() && subscription.drainTo(pending, FOLLOW_BATCH) == 0) {
            return subscription.pollEncoded(100, TimeUnit.MILLISECONDS);
        }
        return pending.poll();
    }

    /** Waits until the transport takes more; false when the call is over. */
    private boolean send(EncodedEvent event) throws InterruptedException {
        if (!out.isReady()) {
            awaitReady();
        }
        if (cancelled) {
            return false;
        }
        if (closing) {
            finishIfClosing();
            return false;
        }
        out.onNext(event);
        return true;
    }

    private void awaitReady() throws InterruptedException {
        synchronized (readiness) {
            while (!out.isReady() && !cancelled && !closing) {
                readiness.wait(100);
            }
        }
    }

    private void finishIfClosing() {
        if (closing && !cancelled) {
            try {
                out.onError(Status.UNAVAILABLE.withDescription("the Hubble server is stopping").asRuntimeException());
            } catch (IllegalStateException alreadyClosed) {
                // the call ended concurrently; nothing left to tell the client
            }
        }
    }

    private void wake() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }

    private GetFlowsResponse lostEvents(long lost) {
        Instant now = Instant.now();
        Timestamp time = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
        return GetFlowsResponse.newBuilder()
                .setLostEvents(LostEvent.newBuilder().setSource(LostEventSource.OBSERVER_EVENTS_QUEUE).setNumEventsLost(lost))
                .setTime(time)
                .setNodeName(relayNodeName)
                .build();
    }

    private static long nanos(Timestamp t) {
        return t.getSeconds() * 1_000_000_000L + t.getNanos();
    }
}
