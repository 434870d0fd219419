package io.flowpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.runtime.service.ServiceUnavailableException;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ModelLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The simulator as a service: when {@code await()} returns, with and without a server. */
class HubbleSimulatorServiceTest {

    private static final SimulationOptions TWO_MINUTES =
            SimulationOptions.forModel(ModelLoader.defaultModel()).withDuration(Duration.ofMinutes(2));

    @Test
    void withoutAServerTheWorkEndsWithTheSimulationAndEveryEventReachesTheSinks() throws Exception {
        AtomicLong received = new AtomicLong();
        try (HubbleSimulator simulator = HubbleSimulator.builder().options(TWO_MINUTES).pacing(Pacing.FAST)
                .withoutServer().sink((List<GetFlowsResponse> batch) -> received.addAndGet(batch.size())).build()) {
            simulator.start();
            CompletableFuture.runAsync(() -> {
                try {
                    simulator.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(60, TimeUnit.SECONDS);

            assertThat(simulator.serving()).isFalse();
            assertThat(simulator.store()).isNull();
            assertThat(received.get()).isPositive().isEqualTo(simulator.simulation().stats().total());
            assertThatThrownBy(simulator::target).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aServerKeepsServingAfterTheSimulationEndedUntilStopped() throws Exception {
        try (HubbleSimulator simulator = HubbleSimulator.builder().options(TWO_MINUTES).pacing(Pacing.FAST)
                .listen("127.0.0.1", 0).build()) {
            simulator.start();
            CompletableFuture<Void> work = CompletableFuture.runAsync(() -> {
                try {
                    simulator.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(simulator.awaitFeed(Duration.ofSeconds(60))).isTrue();
            Thread.sleep(300);
            assertThat(work).isNotDone();
            assertThat(simulator.serverRunning()).isTrue();

            simulator.stop();
            work.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPortInUseMeansTheServiceIsUnavailable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             HubbleSimulator simulator = HubbleSimulator.builder().options(TWO_MINUTES).pacing(Pacing.FAST)
                     .listen("127.0.0.1", taken.getLocalPort()).build()) {
            assertThatThrownBy(simulator::start).isInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }
}
