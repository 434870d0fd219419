package io.flowpulse.simulator.server;

import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos.LostEvent;
import io.flowpulse.hubble.flow.FlowProtos.LostEventSource;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Answers one GetFlows call on its own thread: the requested backlog, then (with follow) new
 * events as they are published. Sends only while the transport is ready, so a slow client holds
 * events in its subscription queue (and loses the overflow, reported as lost events) instead of
 * filling the server's memory.
 */
final class FlowStreamer implements Runnable {

    private static final int FOLLOW_QUEUE_CAPACITY = 65_536;

    private final ServerCallStreamObserver<GetFlowsResponse> out;
    private final GetFlowsRequest request;
    private final Predicate<GetFlowsResponse> filter;
    private final FlowStore store;
    private final Runnable onDone;
    private final Object readiness = new Object();
    private volatile boolean cancelled;
    private volatile boolean closing;

    FlowStreamer(ServerCallStreamObserver<GetFlowsResponse> out, GetFlowsRequest request,
                 Predicate<GetFlowsResponse> filter, FlowStore store, Runnable onDone) {
        this.out = out;
        this.request = request;
        this.filter = filter;
        this.store = store;
        this.onDone = onDone;
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
            long since = request.hasSince() ? nanos(request.getSince()) : Long.MIN_VALUE;
            long until = request.hasUntil() ? nanos(request.getUntil()) : Long.MAX_VALUE;
            List<GetFlowsResponse> buffered;
            if (request.getFollow()) {
                subscription = store.subscribe(filter, FOLLOW_QUEUE_CAPACITY);
                buffered = subscription.backlog();
            } else {
                buffered = store.snapshot();
            }
            for (GetFlowsResponse event : backlog(buffered, since, until)) {
                if (!send(event)) {
                    return;
                }
            }
            if (subscription == null) {
                out.onCompleted();
                return;
            }
            while (!cancelled && !closing) {
                long lost = subscription.takeLost();
                if (lost > 0 && !send(lostEvents(lost))) {
                    return;
                }
                GetFlowsResponse event = subscription.poll(100, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                long t = FlowStore.nanos(event);
                if (t > until) {
                    out.onCompleted();
                    return;
                }
                if (t >= since && !send(event)) {
                    return;
                }
            }
            finishIfClosing();
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

    private List<GetFlowsResponse> backlog(List<GetFlowsResponse> buffered, long since, long until) {
        List<GetFlowsResponse> matching = new ArrayList<>();
        for (GetFlowsResponse event : buffered) {
            long t = FlowStore.nanos(event);
            if (t >= since && t <= until && filter.test(event)) {
                matching.add(event);
            }
        }
        long number = request.getNumber();
        if (number > 0) {
            int n = (int) Math.min(number, matching.size());
            return request.getFirst() ? matching.subList(0, n) : matching.subList(matching.size() - n, matching.size());
        }
        if (request.hasSince() || !request.getFollow()) {
            return matching;
        }
        return List.of();
    }

    /** Waits until the transport takes more; false when the call is over. */
    private boolean send(GetFlowsResponse event) throws InterruptedException {
        synchronized (readiness) {
            while (!out.isReady() && !cancelled && !closing) {
                readiness.wait(100);
            }
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

    private static GetFlowsResponse lostEvents(long lost) {
        Instant now = Instant.now();
        Timestamp time = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
        return GetFlowsResponse.newBuilder()
                .setLostEvents(LostEvent.newBuilder().setSource(LostEventSource.OBSERVER_EVENTS_QUEUE).setNumEventsLost(lost))
                .setTime(time)
                .build();
    }

    private static long nanos(Timestamp t) {
        return t.getSeconds() * 1_000_000_000L + t.getNanos();
    }
}
