package io.flowpulse.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.flow.FlowProtos.IP;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import org.junit.jupiter.api.Test;

class ResumeTrackerTest {

    private static GetFlowsResponse flow(long seconds, int nanos, String uuid, String src) {
        Timestamp t = Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
        return GetFlowsResponse.newBuilder().setNodeName("node-1").setTime(t)
                .setFlow(Flow.newBuilder().setTime(t).setUuid(uuid)
                        .setIP(IP.newBuilder().setSource(src).setDestination("10.0.0.9")))
                .build();
    }

    @Test
    void dropsTheEventsRepeatedAtTheResumeBoundary() {
        ResumeTracker tracker = new ResumeTracker();
        assertThat(tracker.resumeFrom()).isNull();
        assertThat(tracker.accept(flow(100, 5, "a", "10.0.0.1"))).isTrue();
        assertThat(tracker.accept(flow(101, 0, "b", "10.0.0.1"))).isTrue();
        assertThat(tracker.accept(flow(101, 0, "c", "10.0.0.1"))).isTrue();
        assertThat(tracker.resumeFrom()).isEqualTo(Timestamp.newBuilder().setSeconds(101).build());

        tracker.onReconnect();
        // since is inclusive: the server sends b and c again, then a new one at the same time, then later ones
        assertThat(tracker.accept(flow(101, 0, "b", "10.0.0.1"))).isFalse();
        assertThat(tracker.accept(flow(101, 0, "c", "10.0.0.1"))).isFalse();
        assertThat(tracker.accept(flow(101, 0, "d", "10.0.0.1"))).isTrue();
        assertThat(tracker.accept(flow(100, 5, "a", "10.0.0.1"))).isFalse();
        assertThat(tracker.accept(flow(102, 0, "e", "10.0.0.1"))).isTrue();
    }

    @Test
    void withoutUuidTheFiveTupleAndNodeIdentifyAnEvent() {
        ResumeTracker tracker = new ResumeTracker();
        assertThat(tracker.accept(flow(7, 0, "", "10.0.0.1"))).isTrue();
        assertThat(tracker.accept(flow(7, 0, "", "10.0.0.2"))).isTrue();
        tracker.onReconnect();
        assertThat(tracker.accept(flow(7, 0, "", "10.0.0.1"))).isFalse();
        assertThat(tracker.accept(flow(7, 0, "", "10.0.0.3"))).isTrue();
    }

    @Test
    void beforeAnyReconnectOutOfOrderEventsAreKept() {
        ResumeTracker tracker = new ResumeTracker();
        assertThat(tracker.accept(flow(10, 0, "x", "10.0.0.1"))).isTrue();
        // relay output is only roughly ordered; without a reconnect nothing is a duplicate
        assertThat(tracker.accept(flow(9, 0, "y", "10.0.0.1"))).isTrue();
    }
}
