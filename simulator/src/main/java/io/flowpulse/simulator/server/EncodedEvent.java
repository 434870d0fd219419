package io.flowpulse.simulator.server;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;

/**
 * An event with its protobuf encoding, made when it is first sent and kept, so an event served
 * to many GetFlows calls is encoded once. Filtering works on {@link #event()}.
 */
final class EncodedEvent {

    private final GetFlowsResponse event;
    private final long nanos;
    // Two calls sending a new event at once may both encode it; either array holds the same bytes.
    private volatile byte[] bytes;

    EncodedEvent(GetFlowsResponse event) {
        this.event = event;
        this.nanos = FlowStore.nanos(event);
    }

    GetFlowsResponse event() {
        return event;
    }

    /** The event's time in nanoseconds since the epoch. */
    long nanos() {
        return nanos;
    }

    /** The event as a protobuf-encoded GetFlowsResponse; the caller must not modify the array. */
    byte[] bytes() {
        byte[] b = bytes;
        if (b == null) {
            b = event.toByteArray();
            bytes = b;
        }
        return b;
    }

    /** The encoding if it has been made, else null. */
    byte[] cachedBytes() {
        return bytes;
    }
}
