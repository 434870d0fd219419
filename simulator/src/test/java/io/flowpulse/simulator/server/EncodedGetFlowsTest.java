package io.flowpulse.simulator.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.flowpulse.hubble.flow.FlowProtos.FlowFilter;
import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import io.flowpulse.hubble.observer.ObserverGrpc;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.model.ModelLoader;
import io.grpc.CallOptions;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EncodedGetFlowsTest {

    private static final Cluster CLUSTER = Cluster.build(ModelLoader.parse("""
            cluster: test
            subnets:
              - name: s1
                nodes:
                  - {name: n1, address: 192.168.1.1, podCIDR: 10.1.1.0/24}
                  - {name: n2, address: 192.168.1.2, podCIDR: 10.1.2.0/24}
            """), 1);

    /** GetFlows as a client that keeps each response message's bytes as they came over the wire. */
    private static final MethodDescriptor<GetFlowsRequest, byte[]> RAW_GET_FLOWS = ObserverGrpc.getGetFlowsMethod()
            .toBuilder(ObserverGrpc.getGetFlowsMethod().getRequestMarshaller(), new RawBytes())
            .build();

    private FlowStore store;
    private HubbleServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        store = new FlowStore(List.of("n1", "n2"), 100);
        for (int i = 0; i < 10; i++) {
            store.publish(HubbleServerTest.flow(i, i % 2 == 0 ? "n1" : "n2", Verdict.FORWARDED, "web-abc", i % 4 == 0));
        }
        server = new HubbleServer(store, CLUSTER.nodes(), CLUSTER.name(), "127.0.0.1", 0, null);
        server.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void clientsReceiveEachStoredEventsProtobufBytesEncodedOnce() {
        List<EncodedEvent> stored = store.encodedSnapshot();
        assertThat(stored).allSatisfy(e -> assertThat(e.cachedBytes()).as("encoded when published").isNull());

        List<ByteString> expected = stored.stream().map(e -> ByteString.copyFrom(e.event().toByteArray())).toList();
        assertThat(getRaw(GetFlowsRequest.getDefaultInstance())).containsExactlyElementsOf(expected);

        List<byte[]> firstEncodings = stored.stream().map(EncodedEvent::cachedBytes).toList();
        assertThat(firstEncodings).doesNotContainNull();
        // a second call, filtered, sends the same kept arrays
        GetFlowsRequest fromN2 = GetFlowsRequest.newBuilder().addWhitelist(FlowFilter.newBuilder().addNodeName("n2")).build();
        assertThat(getRaw(fromN2)).containsExactlyElementsOf(
                expected.stream().filter(b -> parse(b).getNodeName().equals("n2")).toList());
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i).cachedBytes()).isSameAs(firstEncodings.get(i));
        }
    }

    @Test
    void marshalledStreamHasItsLengthAndDrainsTheBytesInOneWrite() throws IOException {
        EncodedEvent event = new EncodedEvent(HubbleServerTest.flow(1, "n1", Verdict.DROPPED, "web-abc", false));
        InputStream stream = new EncodedEventMarshaller().stream(event);
        assertThat(stream).isInstanceOf(KnownLength.class).isInstanceOf(Drainable.class);
        assertThat(stream.available()).isEqualTo(event.event().getSerializedSize());
        List<Integer> writes = new ArrayList<>();
        ByteArrayOutputStream target = new ByteArrayOutputStream() {
            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(len);
                super.write(b, off, len);
            }
        };
        assertThat(((Drainable) stream).drainTo(target)).isEqualTo(event.event().getSerializedSize());
        assertThat(writes).containsExactly(event.event().getSerializedSize());
        assertThat(target.toByteArray()).isEqualTo(event.event().toByteArray());
        assertThat(stream.available()).isZero();
        assertThat(new EncodedEventMarshaller().parse(new ByteArrayInputStream(event.bytes())).event()).isEqualTo(event.event());
    }

    private List<ByteString> getRaw(GetFlowsRequest request) {
        List<ByteString> messages = new ArrayList<>();
        ClientCalls.blockingServerStreamingCall(channel, RAW_GET_FLOWS, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request)
                .forEachRemaining(bytes -> messages.add(ByteString.copyFrom(bytes)));
        return messages;
    }

    private static GetFlowsResponse parse(ByteString bytes) {
        try {
            return GetFlowsResponse.parseFrom(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
