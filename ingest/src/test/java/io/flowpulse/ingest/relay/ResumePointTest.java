package io.flowpulse.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.flow.FlowProtos.LostEvent;
import io.flowpulse.hubble.flow.FlowProtos.LostEventSource;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.relay.ResumePoint.PublishedEvent;
import com.google.protobuf.Int32Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumePointTest {

    private static final long SECOND = 1_000_000L;
    private static final long SKEW = ResumePoint.SKEW.toNanos() / 1000;

    @Test
    void resumesFromTheOldestOfTheActivePartitionsNewestEvents() {
        assertThat(ResumePoint.since(List.of(100 * SECOND, 103 * SECOND, 101 * SECOND)))
                .hasValue(100 * SECOND - SKEW);
    }

    @Test
    void aPartitionThatWentQuietLongBeforeTheOthersIsLeftOut() {
        assertThat(ResumePoint.since(List.of(10 * SECOND, 500 * SECOND, 499 * SECOND)))
                .hasValue(499 * SECOND - SKEW);
    }

    @Test
    void nothingPublishedMeansNoResumePoint() {
        assertThat(ResumePoint.since(List.of())).isEmpty();
    }

    @Test
    void holdsTheEventsFromTheResumeTimeOn() {
        ResumePoint point = ResumePoint.of(100 * SECOND, Map.of(
                0, List.of(new PublishedEvent(99 * SECOND, "old"), new PublishedEvent(100 * SECOND, "a")),
                1, List.of(new PublishedEvent(102 * SECOND, "b"))));
        assertThat(point.published()).hasSize(2);
        assertThat(point.contains(100 * SECOND, "a")).isTrue();
        assertThat(point.contains(99 * SECOND, "old")).isFalse();
        assertThat(point.untilMicros()).isEqualTo(102 * SECOND);
    }

    @Test
    void aSeededTrackerAsksForTheResumeTimeAndSkipsWhatWasPublished() {
        ResumePoint point = ResumePoint.of(100 * SECOND, Map.of(0, List.of(new PublishedEvent(100 * SECOND, "a"),
                new PublishedEvent(101 * SECOND, "c")), 1, List.of(new PublishedEvent(100 * SECOND + 5, "b"))));
        ResumeTracker tracker = new ResumeTracker();
        tracker.seed(point);
        assertThat(tracker.resumeFrom()).isEqualTo(Timestamp.newBuilder().setSeconds(100).build());

        assertThat(tracker.accept(flow(100, 0, "a"))).as("published").isFalse();
        assertThat(tracker.accept(flow(100, 5000, "b"))).as("published").isFalse();
        assertThat(tracker.accept(flow(100, 700_000_000, "lost-at-the-kill"))).isTrue();
        assertThat(tracker.accept(flow(101, 0, "c"))).as("published").isFalse();
        assertThat(tracker.accept(flow(101, 0, "also-lost"))).isTrue();
        assertThat(tracker.accept(flow(104, 0, "new"))).isTrue();
        assertThat(tracker.accept(flow(99, 0, "before the point"))).isFalse();
    }

    @Test
    void lostEventsAreRecognisedByNodeSourceCountAndCpu() {
        GetFlowsResponse lost = GetFlowsResponse.newBuilder().setNodeName("n1")
                .setTime(Timestamp.newBuilder().setSeconds(100))
                .setLostEvents(LostEvent.newBuilder().setSource(LostEventSource.PERF_EVENT_RING_BUFFER)
                        .setNumEventsLost(7).setCpu(Int32Value.of(2))).build();
        ResumeTracker tracker = new ResumeTracker();
        tracker.seed(ResumePoint.of(100 * SECOND, Map.of(0, List.of(new PublishedEvent(100 * SECOND,
                ResumeTracker.lostEventsIdentity("n1", "PERF_EVENT_RING_BUFFER", 7, 2))))));
        assertThat(tracker.accept(lost)).isFalse();
    }

    private static GetFlowsResponse flow(long seconds, int nanos, String uuid) {
        Timestamp t = Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
        return GetFlowsResponse.newBuilder().setNodeName("node-1").setTime(t)
                .setFlow(Flow.newBuilder().setTime(t).setUuid(uuid)).build();
    }
}
