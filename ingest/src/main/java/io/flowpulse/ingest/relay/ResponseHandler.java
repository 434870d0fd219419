package io.flowpulse.ingest.relay;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;

/**
 * Receives each new response of the stream, in order. It may block: the relay client then
 * stops reading and gRPC flow control holds the server back (backpressure).
 */
@FunctionalInterface
public interface ResponseHandler {
    void handle(GetFlowsResponse response) throws InterruptedException;
}
