package io.flowpulse.simulator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos.Endpoint;
import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.flow.FlowProtos.FlowFilter;
import io.flowpulse.hubble.flow.FlowProtos.Layer4;
import io.flowpulse.hubble.flow.FlowProtos.TCP;
import io.flowpulse.hubble.flow.FlowProtos.UDP;
import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import io.flowpulse.hubble.flow.FlowProtos.IP;
import io.flowpulse.hubble.observer.ObserverGrpc;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.hubble.observer.ObserverProtos.GetNodesRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetNodesResponse;
import io.flowpulse.hubble.observer.ObserverProtos.ServerStatusRequest;
import io.flowpulse.hubble.observer.ObserverProtos.ServerStatusResponse;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.model.ModelLoader;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubbleServerTest {

    private static final long T0 = 1_767_225_600L; // 2026-01-01T00:00:00Z
    private static final Cluster CLUSTER = Cluster.build(ModelLoader.parse("""
            cluster: test
            subnets:
              - name: s1
                nodes:
                  - {name: n1, address: 192.168.1.1, podCIDR: 10.1.1.0/24}
                  - {name: n2, address: 192.168.1.2, podCIDR: 10.1.2.0/24}
            """), 1);

    private FlowStore store;
    private HubbleServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        store = new FlowStore(List.of("n1", "n2"), 100);
        // 10 flows, one a second, alternating nodes; every third one dropped; web -> db or api -> db
        for (int i = 0; i < 10; i++) {
            store.publish(flow(i, i % 2 == 0 ? "n1" : "n2", i % 3 == 0 ? Verdict.DROPPED : Verdict.FORWARDED,
                    i < 5 ? "web-abc" : "api-xyz", i % 4 == 0));
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
    void numberReturnsTheLatestFlowsInOrderAndFirstTheOldest() {
        assertThat(seconds(get(GetFlowsRequest.newBuilder().setNumber(3).build()))).containsExactly(7L, 8L, 9L);
        assertThat(seconds(get(GetFlowsRequest.newBuilder().setNumber(2).setFirst(true).build()))).containsExactly(0L, 1L);
        assertThat(get(GetFlowsRequest.newBuilder().build())).hasSize(10);
    }

    @Test
    void sinceAndUntilSelectATimeRange() {
        GetFlowsRequest request = GetFlowsRequest.newBuilder().setSince(ts(T0 + 3)).setUntil(ts(T0 + 6)).build();
        assertThat(seconds(get(request))).containsExactly(3L, 4L, 5L, 6L);
    }

    @Test
    void whitelistFiltersAreOredAndTheirFieldsAnded() {
        FlowFilter fromWeb = FlowFilter.newBuilder().addSourcePod("shop/web").build();
        FlowFilter dropped = FlowFilter.newBuilder().addVerdict(Verdict.DROPPED).build();
        FlowFilter droppedFromWebOnN1 = FlowFilter.newBuilder().addSourcePod("shop/web").addVerdict(Verdict.DROPPED)
                .addNodeName("n1").build();
        // web: 0-4; dropped: 0,3,6,9
        assertThat(seconds(get(GetFlowsRequest.newBuilder().addWhitelist(fromWeb).addWhitelist(dropped).build())))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 6L, 9L);
        // web and dropped and on n1 (even seconds): 0
        assertThat(seconds(get(GetFlowsRequest.newBuilder().addWhitelist(droppedFromWebOnN1).build()))).containsExactly(0L);
        // values of one field are ORed
        FlowFilter twoVerdicts = FlowFilter.newBuilder().addVerdict(Verdict.DROPPED).addVerdict(Verdict.FORWARDED).build();
        assertThat(get(GetFlowsRequest.newBuilder().addWhitelist(twoVerdicts).build())).hasSize(10);
    }

    @Test
    void blacklistRemovesWhatAnyOfItsFiltersMatches() {
        GetFlowsRequest request = GetFlowsRequest.newBuilder()
                .addWhitelist(FlowFilter.newBuilder().addSourcePod("shop/"))
                .addBlacklist(FlowFilter.newBuilder().addVerdict(Verdict.DROPPED))
                .addBlacklist(FlowFilter.newBuilder().addProtocol("udp"))
                .build();
        // dropped: 0,3,6,9; udp: 0,4,8
        assertThat(seconds(get(request))).containsExactly(1L, 2L, 5L, 7L);
        GetFlowsRequest byIp = GetFlowsRequest.newBuilder()
                .addWhitelist(FlowFilter.newBuilder().addSourceIp("10.1.1.0/24").addDestinationIp("10.1.2.9")).build();
        assertThat(seconds(get(byIp))).containsExactly(0L, 2L, 4L, 6L, 8L);
        GetFlowsRequest byEventType = GetFlowsRequest.newBuilder().addWhitelist(FlowFilter.newBuilder()
                .addEventType(io.flowpulse.hubble.flow.FlowProtos.EventTypeFilter.newBuilder().setType(1))).build();
        assertThat(seconds(get(byEventType))).containsExactly(0L, 3L, 6L, 9L);
    }

    @Test
    void followSendsTheBacklogThenNewFlows() {
        List<GetFlowsResponse> received = new CopyOnWriteArrayList<>();
        ObserverGrpc.newStub(channel).getFlows(GetFlowsRequest.newBuilder().setNumber(2).setFollow(true)
                .addWhitelist(FlowFilter.newBuilder().addVerdict(Verdict.FORWARDED)).build(), collect(received, new AtomicReference<>()));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        for (int i = 10; i < 16; i++) {
            store.publish(flow(i, "n1", i % 2 == 0 ? Verdict.FORWARDED : Verdict.DROPPED, "web-abc", false));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 5);
        assertThat(seconds(received)).containsExactly(7L, 8L, 10L, 12L, 14L);
    }

    @Test
    void serverStatusAndNodesDescribeTheBuffers() {
        for (int i = 10; i < 160; i++) {
            store.publish(flow(i, "n1", Verdict.FORWARDED, "web-abc", false));
        }
        ServerStatusResponse status = ObserverGrpc.newBlockingStub(channel).serverStatus(ServerStatusRequest.getDefaultInstance());
        assertThat(status.getNumFlows()).isEqualTo(100 + 5);
        assertThat(status.getMaxFlows()).isEqualTo(200);
        assertThat(status.getSeenFlows()).isEqualTo(160);
        assertThat(status.getNumConnectedNodes().getValue()).isEqualTo(2);
        assertThat(status.getUptimeNs()).isPositive();
        assertThat(status.getVersion()).isNotBlank();
        // the newest flow is at second 159; the last minute (99, 159] holds 60 of n1's flows
        assertThat(status.getFlowsRate()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        // the oldest buffered flow of n1 is now number 60
        assertThat(seconds(get(GetFlowsRequest.newBuilder().setNumber(1).setFirst(true)
                .addWhitelist(FlowFilter.newBuilder().addNodeName("n1")).build()))).containsExactly(60L);
        GetNodesResponse nodes = ObserverGrpc.newBlockingStub(channel).getNodes(GetNodesRequest.getDefaultInstance());
        assertThat(nodes.getNodesList()).extracting(n -> n.getName() + "@" + n.getAddress() + "=" + n.getNumFlows() + "/" + n.getSeenFlows())
                .containsExactly("n1@192.168.1.1:4244=100/155", "n2@192.168.1.2:4244=5/5");
    }

    @Test
    void invalidRequestsAreRejected() {
        GetFlowsRequest unsupported = GetFlowsRequest.newBuilder()
                .addWhitelist(FlowFilter.newBuilder().addHttpStatusCode("200")).build();
        assertThatThrownBy(() -> get(unsupported)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("http_status_code");
        });
        GetFlowsRequest both = GetFlowsRequest.newBuilder().setNumber(3).setSince(ts(T0)).build();
        assertThatThrownBy(() -> get(both)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void restartKeepsThePortAndTheBufferedFlows() {
        List<GetFlowsResponse> received = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        ObserverGrpc.newStub(channel).getFlows(GetFlowsRequest.newBuilder().setFollow(true).build(), collect(received, ended));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.subscriberCount() == 1);
        int port = server.port();
        server.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> ended.get() != null);
        assertThat(Status.fromThrowable(ended.get()).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThatThrownBy(() -> get(GetFlowsRequest.newBuilder().setNumber(1).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        store.publish(flow(10, "n2", Verdict.FORWARDED, "api-xyz", false));
        server.start();
        assertThat(server.port()).isEqualTo(port);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> seconds(get(GetFlowsRequest.newBuilder().setSince(ts(T0 + 9)).build())).equals(List.of(9L, 10L)));
    }

    private List<GetFlowsResponse> get(GetFlowsRequest request) {
        List<GetFlowsResponse> result = new ArrayList<>();
        ObserverGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).getFlows(request).forEachRemaining(result::add);
        return result;
    }

    private static StreamObserver<GetFlowsResponse> collect(List<GetFlowsResponse> into, AtomicReference<Throwable> error) {
        return new StreamObserver<>() {
            @Override
            public void onNext(GetFlowsResponse value) {
                into.add(value);
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
            }

            @Override
            public void onCompleted() {
                error.set(new IllegalStateException("completed"));
            }
        };
    }

    static List<Long> seconds(List<GetFlowsResponse> responses) {
        return responses.stream().map(r -> r.getTime().getSeconds() - T0).toList();
    }

    static Timestamp ts(long seconds) {
        return Timestamp.newBuilder().setSeconds(seconds).build();
    }

    /** Flow i at second i from a shop pod on the node to a data pod on n2; UDP when asked, else TCP. */
    static GetFlowsResponse flow(int i, String node, Verdict verdict, String sourcePod, boolean udp) {
        Layer4 l4 = udp ? Layer4.newBuilder().setUDP(UDP.newBuilder().setSourcePort(40000 + i).setDestinationPort(53)).build()
                : Layer4.newBuilder().setTCP(TCP.newBuilder().setSourcePort(40000 + i).setDestinationPort(5432)).build();
        Flow.Builder f = Flow.newBuilder()
                .setTime(ts(T0 + i))
                .setUuid("uuid-" + i)
                .setVerdict(verdict)
                .setIP(IP.newBuilder().setSource(node.equals("n1") ? "10.1.1.5" : "10.1.2.5").setDestination("10.1.2.9"))
                .setL4(l4)
                .setSource(Endpoint.newBuilder().setNamespace("shop").setPodName(sourcePod).addLabels("k8s:app=web"))
                .setDestination(Endpoint.newBuilder().setNamespace("data").setPodName("db-0"))
                .setNodeName(node)
                .setEventType(io.flowpulse.hubble.flow.FlowProtos.CiliumEventType.newBuilder().setType(verdict == Verdict.DROPPED ? 1 : 4));
        return GetFlowsResponse.newBuilder().setFlow(f).setNodeName(node).setTime(ts(T0 + i)).build();
    }
}
