package io.flowpulse.ingest.testing;

import io.flowpulse.hubble.observer.ObserverGrpc;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.hubble.observer.ObserverProtos.ServerStatusRequest;
import io.flowpulse.hubble.observer.ObserverProtos.ServerStatusResponse;
import com.google.protobuf.Timestamp;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Hubble Observer for tests that serves a fixed list of responses: from {@code since}
 * (inclusive, as Hubble does) and then, with follow, keeps the stream open. It can stop
 * after a number of responses to play a server that dies mid-stream.
 */
public final class RecordedObserver extends ObserverGrpc.ObserverImplBase {

    private final List<GetFlowsResponse> responses;
    private final int servedBeforeHanging;
    public final List<GetFlowsRequest> requests = new CopyOnWriteArrayList<>();

    /** Serves at most {@code servedBeforeHanging} responses per call, then holds the stream open. */
    public RecordedObserver(List<GetFlowsResponse> responses, int servedBeforeHanging) {
        this.responses = responses;
        this.servedBeforeHanging = servedBeforeHanging;
    }

    @Override
    public void getFlows(GetFlowsRequest request, StreamObserver<GetFlowsResponse> out) {
        requests.add(request);
        int served = 0;
        for (GetFlowsResponse r : responses) {
            if (request.hasSince() && before(r.getTime(), request.getSince())) {
                continue;
            }
            if (served == servedBeforeHanging || ((ServerCallStreamObserver<?>) out).isCancelled()) {
                break;
            }
            out.onNext(r);
            served++;
        }
        if (!request.getFollow()) {
            out.onCompleted();
        }
        // with follow the stream stays open until the client cancels or the server stops
    }

    @Override
    public void serverStatus(ServerStatusRequest request, StreamObserver<ServerStatusResponse> out) {
        out.onNext(ServerStatusResponse.newBuilder().setNumFlows(responses.size()).setMaxFlows(4095)
                .setVersion("recorded-observer").build());
        out.onCompleted();
    }

    private static boolean before(Timestamp a, Timestamp b) {
        return a.getSeconds() < b.getSeconds() || (a.getSeconds() == b.getSeconds() && a.getNanos() < b.getNanos());
    }
}
