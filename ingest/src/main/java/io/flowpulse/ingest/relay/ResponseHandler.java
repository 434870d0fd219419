package io.flowpulse.ingest.relay;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.protowire.FlowResponseView;

/**
 * Receives each new response of the stream, in order. It may block: the relay client then
 * stops reading and gRPC flow control holds the server back (backpressure).
 */
public interface ResponseHandler {

    /** A flow read from its bytes by the fast path; valid only during the call. */
    void handleFlow(FlowResponseView flow) throws InterruptedException;

    /** Any other response (lost events, node status, flows the fast path left), parsed. */
    void handle(GetFlowsResponse response) throws InterruptedException;

    /** A message that is not a GetFlowsResponse at all. */
    void invalid(byte[] message, String reason) throws InterruptedException;
}
