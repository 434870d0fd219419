package io.flowpulse.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos;
import io.flowpulse.hubble.flow.FlowProtos.LostEvent;
import io.flowpulse.hubble.observer.ObserverGrpc;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.protowire.FlowResponseView;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The relay client over a real gRPC connection to a server that sends chosen bytes: flows take
 * the fast path, other events arrive parsed, and a message that is not a GetFlowsResponse is
 * reported as invalid without ending the stream.
 */
class RelayClientTest {

    @Test
    void flowsTakeTheFastPathOtherEventsAreParsedAndGarbageIsReportedInvalid() throws Exception {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
        List<byte[]> messages = List.of(flow(1, "uuid-1").toByteArray(), garbage, lostEvents(2).toByteArray(),
                flow(3, "uuid-3").toByteArray());
        Server server = serverSending(messages);
        List<String> seen = new ArrayList<>();
        RelaySettings settings = new RelaySettings("127.0.0.1:" + server.getPort(), false, null, null, null, null,
                List.of(), List.of(), null, Duration.ofMillis(50), Duration.ofMillis(200));
        try (RelayClient client = new RelayClient(settings)) {
            client.follow(new ResponseHandler() {
                @Override
                public void handleFlow(FlowResponseView flow) {
                    seen.add("flow " + flow.uuid() + " on " + flow.nodeName() + " at " + flow.eventSeconds());
                }

                @Override
                public void handle(GetFlowsResponse response) {
                    seen.add("parsed " + response.getResponseTypesCase());
                }

                @Override
                public void invalid(byte[] message, String reason) {
                    seen.add("invalid " + message.length + " bytes: " + reason.startsWith("not a valid observer.GetFlowsResponse"));
                }
            }, () -> seen.size() >= 4);
        } finally {
            server.shutdownNow();
        }
        assertThat(seen).containsExactly("flow uuid-1 on k8s-a at 1", "invalid 3 bytes: true", "parsed LOST_EVENTS",
                "flow uuid-3 on k8s-a at 3");
    }

    private static GetFlowsResponse flow(long seconds, String uuid) {
        return GetFlowsResponse.newBuilder().setNodeName("k8s-a")
                .setFlow(FlowProtos.Flow.newBuilder().setUuid(uuid).setNodeName("k8s-a")
                        .setTime(Timestamp.newBuilder().setSeconds(seconds)))
                .build();
    }

    private static GetFlowsResponse lostEvents(long seconds) {
        return GetFlowsResponse.newBuilder().setNodeName("k8s-a").setTime(Timestamp.newBuilder().setSeconds(seconds))
                .setLostEvents(LostEvent.newBuilder().setNumEventsLost(7)).build();
    }

    /** A GetFlows server that answers every call with the given messages as they are, then keeps the stream open. */
    private static Server serverSending(List<byte[]> messages) throws Exception {
        MethodDescriptor<GetFlowsRequest, byte[]> method = ObserverGrpc.getGetFlowsMethod().toBuilder(
                ObserverGrpc.getGetFlowsMethod().getRequestMarshaller(), new RawMessageMarshaller()).build();
        ServerServiceDefinition service = ServerServiceDefinition.builder(ObserverGrpc.SERVICE_NAME)
                .addMethod(method, ServerCalls.asyncServerStreamingCall((request, out) -> messages.forEach(out::onNext)))
                .build();
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
    }

}
