package io.flowpulse.simulator.server;

import com.google.protobuf.UInt32Value;
import io.flowpulse.hubble.observer.ObserverGrpc;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.hubble.observer.ObserverProtos.GetNodesRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetNodesResponse;
import io.flowpulse.hubble.observer.ObserverProtos.Node;
import io.flowpulse.hubble.observer.ObserverProtos.ServerStatusRequest;
import io.flowpulse.hubble.observer.ObserverProtos.ServerStatusResponse;
import io.flowpulse.hubble.observer.ObserverProtos.TLS;
import io.flowpulse.hubble.relay.RelayProtos.NodeState;
import io.flowpulse.simulator.cluster.SimNode;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * The Observer service as Hubble Relay answers it, over the simulated cluster's nodes. GetFlows
 * is bound with {@link #GET_FLOWS}, which sends each event's kept encoding, so it is served only
 * through {@link #bindService()}.
 */
final class ObserverService implements ObserverGrpc.AsyncService, BindableService {

    static final String VERSION = "1.19.4+flowpulse-simulator";

    /** GetFlows as generated, except that responses are {@link EncodedEvent}s written from their kept bytes. */
    static final MethodDescriptor<GetFlowsRequest, EncodedEvent> GET_FLOWS = ObserverGrpc.getGetFlowsMethod()
            .toBuilder(ObserverGrpc.getGetFlowsMethod().getRequestMarshaller(), new EncodedEventMarshaller())
            .build();

    private final FlowStore store;
    private final List<SimNode> nodes;
    private final String clusterName;
    private final boolean tls;
    private final ExecutorService streams;
    private final long startedNanos = System.nanoTime();
    private final Set<FlowStreamer> active = ConcurrentHashMap.newKeySet();

    ObserverService(FlowStore store, List<SimNode> nodes, String clusterName, boolean tls, ExecutorService streams) {
        this.store = store;
        this.nodes = List.copyOf(nodes);
        this.clusterName = clusterName;
        this.tls = tls;
        this.streams = streams;
    }

    /** The generated service definition with GetFlows bound to {@link #GET_FLOWS}; the other methods as generated. */
    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition generated = ObserverGrpc.bindService(this);
        ServiceDescriptor generatedDescriptor = generated.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(generatedDescriptor.getName())
                .setSchemaDescriptor(generatedDescriptor.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (MethodDescriptor<?, ?> method : generatedDescriptor.getMethods()) {
            if (method.getFullMethodName().equals(GET_FLOWS.getFullMethodName())) {
                methods.add(ServerMethodDefinition.create(GET_FLOWS, ServerCalls.asyncServerStreamingCall(this::streamFlows)));
                descriptor.addMethod(GET_FLOWS);
            } else {
                methods.add(generated.getMethod(method.getFullMethodName()));
                descriptor.addMethod(method);
            }
        }
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(definition::addMethod);
        return definition.build();
    }

    private void streamFlows(GetFlowsRequest request, StreamObserver<EncodedEvent> responseObserver) {
        ServerCallStreamObserver<EncodedEvent> out = (ServerCallStreamObserver<EncodedEvent>) responseObserver;
        Predicate<GetFlowsResponse> filter;
        try {
            validate(request);
            filter = FlowFilterMatcher.compile(request.getWhitelistList(), request.getBlacklistList());
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        FlowStreamer[] self = new FlowStreamer[1];
        self[0] = new FlowStreamer(out, request, filter, store, relayNodeName(), () -> active.remove(self[0]));
        active.add(self[0]);
        streams.execute(self[0]);
    }

    /** The node name on what the relay itself reports (its queue's lost events): every response carries one. */
    private String relayNodeName() {
        return clusterName + "/hubble-relay";
    }

    private static void validate(GetFlowsRequest request) {
        if (request.getNumber() > 0 && (request.hasSince() || request.hasUntil())) {
            throw new IllegalArgumentException("number and since/until are mutually exclusive");
        }
        if (request.getFirst() && request.getFollow()) {
            throw new IllegalArgumentException("first cannot be combined with follow");
        }
        if (request.getFirst() && request.getNumber() == 0) {
            throw new IllegalArgumentException("first needs a number of flows");
        }
        if (request.hasFieldMask() && request.getFieldMask().getPathsCount() > 0) {
            throw new IllegalArgumentException("field_mask is not supported by the simulator");
        }
        if (request.hasSince() && request.hasUntil() && nanos(request.getSince()) > nanos(request.getUntil())) {
            throw new IllegalArgumentException("since is after until");
        }
    }

    private static long nanos(com.google.protobuf.Timestamp t) {
        return t.getSeconds() * 1_000_000_000L + t.getNanos();
    }

    @Override
    public void serverStatus(ServerStatusRequest request, StreamObserver<ServerStatusResponse> out) {
        out.onNext(ServerStatusResponse.newBuilder()
                .setNumFlows(store.numFlows())
                .setMaxFlows(store.maxFlows())
                .setSeenFlows(store.seenFlows())
                .setUptimeNs(System.nanoTime() - startedNanos)
                .setNumConnectedNodes(UInt32Value.of(nodes.size()))
                .setNumUnavailableNodes(UInt32Value.of(0))
                .setVersion(VERSION)
                .setFlowsRate(store.flowsRate())
                .build());
        out.onCompleted();
    }

    @Override
    public void getNodes(GetNodesRequest request, StreamObserver<GetNodesResponse> out) {
        Map<String, long[]> counters = store.nodeCounters();
        long uptime = System.nanoTime() - startedNanos;
        GetNodesResponse.Builder response = GetNodesResponse.newBuilder();
        for (SimNode node : nodes) {
            long[] c = counters.getOrDefault(node.name(), new long[] {0, store.ringCapacity(), 0});
            response.addNodes(Node.newBuilder()
                    .setName(node.name())
                    .setVersion(VERSION)
                    .setAddress(node.address() + ":4244")
                    .setState(NodeState.NODE_CONNECTED)
                    .setTls(TLS.newBuilder().setEnabled(tls)
                            .setServerName(node.name() + "." + clusterName.replace('.', '-') + ".hubble-grpc.cilium.io"))
                    .setUptimeNs(uptime)
                    .setNumFlows(c[0])
                    .setMaxFlows(c[1])
                    .setSeenFlows(c[2]));
        }
        out.onNext(response.build());
        out.onCompleted();
    }

    /** Ends every open stream with UNAVAILABLE. */
    void closeStreams() {
        for (FlowStreamer s : active) {
            s.close();
        }
    }
}
