package io.flowpulse.simulator.server;

import static io.flowpulse.simulator.server.HubbleServerTest.flow;
import static io.flowpulse.simulator.server.HubbleServerTest.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FlowStoreTest {

    @Test
    void aFollowerThatFallsBehindItsQueueLosesTheNewestEventsAndIsToldHowMany() throws InterruptedException {
        FlowStore store = new FlowStore(List.of("n1"), 100, 3);
        store.publish(flow(0, "n1", Verdict.FORWARDED, "web-abc", false));
        try (FlowStore.Subscription follower = store.subscribe(event -> true)) {
            for (int i = 1; i <= 5; i++) {
                store.publish(flow(i, "n1", Verdict.FORWARDED, "web-abc", false));
            }
            assertThat(seconds(follower.backlog())).containsExactly(0L);
            assertThat(follower.takeLost()).isEqualTo(2);
            assertThat(follower.takeLost()).as("counted once").isZero();
            List<GetFlowsResponse> queued = new ArrayList<>();
            for (GetFlowsResponse e; (e = follower.poll(10, TimeUnit.MILLISECONDS)) != null; ) {
                queued.add(e);
            }
            assertThat(seconds(queued)).as("the oldest waiting events are kept").containsExactly(1L, 2L, 3L);
            assertThat(seconds(store.snapshot())).as("the ring buffer is not the follower's queue")
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void capacitiesMustBePositive() {
        assertThatThrownBy(() -> new FlowStore(List.of("n1"), 100, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("follow queue");
    }
}
