package io.flowpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowpulse.hubble.flow.FlowProtos.FlowFilter;
import io.flowpulse.hubble.observer.ObserverGrpc;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.hubble.observer.ObserverProtos.GetNodesRequest;
import io.flowpulse.hubble.observer.ObserverProtos.ServerStatusRequest;
import io.flowpulse.hubble.observer.ObserverProtos.ServerStatusResponse;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ModelLoader;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HubbleSimulatorTest {

    @Test
    void servesLiveFlowsStampedNowAndSurvivesARestart() throws Exception {
        try (HubbleSimulator hubble = HubbleSimulator.builder().seed(3).pacing(Pacing.REALTIME).listen("127.0.0.1", 0).start()) {
            ManagedChannel channel = NettyChannelBuilder.forTarget(hubble.target()).usePlaintext().build();
            try {
                List<GetFlowsResponse> live = new CopyOnWriteArrayList<>();
                ObserverGrpc.newStub(channel).getFlows(GetFlowsRequest.newBuilder().setFollow(true)
                        .addWhitelist(FlowFilter.newBuilder().addSourcePod("shop/web")).build(), collect(live));
                await().atMost(Duration.ofSeconds(10)).until(() -> live.size() >= 20);
                long now = Instant.now().getEpochSecond();
                assertThat(live).allSatisfy(r -> {
                    assertThat(r.getFlow().getSource().getPodName()).startsWith("web-");
                    assertThat(r.getTime().getSeconds()).isBetween(now - 15, now + 1);
                });

                Instant beforeStop = Instant.now();
                hubble.stopServer();
                Thread.sleep(2_000);
                hubble.startServer();
                Instant afterStart = Instant.now();
                List<GetFlowsResponse> missed = new ArrayList<>();
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                    missed.clear();
                    ObserverGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .getFlows(GetFlowsRequest.newBuilder()
                                    .setSince(ts(beforeStop.plusMillis(300)))
                                    .setUntil(ts(afterStart.minusMillis(300)))
                                    .build())
                            .forEachRemaining(missed::add);
                    return true;
                });
                assertThat(missed).as("flows produced while the server was down stay in the buffers").isNotEmpty();

                ServerStatusResponse status = ObserverGrpc.newBlockingStub(channel).serverStatus(ServerStatusRequest.getDefaultInstance());
                assertThat(status.getNumConnectedNodes().getValue()).isEqualTo(12);
                assertThat(status.getMaxFlows()).isEqualTo(12 * 4095);
                assertThat(status.getSeenFlows()).isGreaterThan(100);
                assertThat(ObserverGrpc.newBlockingStub(channel).getNodes(GetNodesRequest.getDefaultInstance()).getNodesCount()).isEqualTo(12);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void fastPacingFillsEveryNodesRingBuffer() throws Exception {
        SimulationOptions options = SimulationOptions.forModel(ModelLoader.defaultModel()).withDuration(Duration.ofMinutes(5));
        try (HubbleSimulator hubble = HubbleSimulator.builder().options(options).pacing(Pacing.FAST).ringCapacity(1023).start()) {
            assertThat(hubble.awaitFeed(Duration.ofSeconds(60))).isTrue();
            assertThat(hubble.feed().failure()).isNull();
            assertThat(hubble.feed().emitted()).isEqualTo(hubble.simulation().stats().total());
            assertThat(hubble.store().numFlows()).isEqualTo(12 * 1023);
            assertThat(hubble.store().seenFlows()).isEqualTo(hubble.simulation().stats().total());
        }
    }

    private static com.google.protobuf.Timestamp ts(Instant t) {
        return com.google.protobuf.Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    private static StreamObserver<GetFlowsResponse> collect(List<GetFlowsResponse> into) {
        return new StreamObserver<>() {
            @Override
            public void onNext(GetFlowsResponse value) {
                into.add(value);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }
}
