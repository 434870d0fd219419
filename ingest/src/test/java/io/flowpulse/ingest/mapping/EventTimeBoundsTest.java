package io.flowpulse.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A flow stamped in year 2200 (or 1970, or beyond any calendar) is refused when mapped, with the reason. */
class EventTimeBoundsTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final FlowMapper mapper = new FlowMapper(new EventTimeBounds(EventTimeBounds.DEFAULT_EARLIEST,
            Duration.ofDays(1), Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void aFlowFromNowOrTheRecentPastIsMapped() {
        assertThat(mapper.map(flowAt(NOW.getEpochSecond())).kind()).isEqualTo(MappedEvent.Kind.FLOW);
        assertThat(mapper.map(flowAt(Instant.parse("2001-03-04T00:00:00Z").getEpochSecond())).kind())
                .isEqualTo(MappedEvent.Kind.FLOW);
        assertThat(mapper.map(flowAt(NOW.plus(Duration.ofHours(23)).getEpochSecond())).kind())
                .isEqualTo(MappedEvent.Kind.FLOW);
    }

    @Test
    void aFlowFarInTheFutureIsRefusedWithTheReason() {
        long year2200 = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();

        assertThatThrownBy(() -> mapper.map(flowAt(year2200)))
                .isInstanceOf(EventTimeOutOfRangeException.class)
                .hasMessage("flow time 2200-01-01T00:00:00Z is more than PT24H ahead of the clock "
                        + "(latest accepted 2025-06-02T12:00:00Z)");
    }

    @Test
    void aFlowBeforeTheEarliestTimeIsRefused() {
        assertThatThrownBy(() -> mapper.map(flowAt(5)))
                .isInstanceOf(EventTimeOutOfRangeException.class)
                .hasMessage("flow time 1970-01-01T00:00:05Z is before 2000-01-01T00:00:00Z, the earliest event time accepted");
    }

    @Test
    void secondsNoCalendarHoldsAreRefusedNotThrownAsSomethingElse() {
        assertThatThrownBy(() -> mapper.map(flowAt(Long.MAX_VALUE)))
                .isInstanceOf(EventTimeOutOfRangeException.class)
                .hasMessageStartingWith("flow time " + Long.MAX_VALUE + " s after the epoch is more than");
        assertThatThrownBy(() -> mapper.map(flowAt(Long.MIN_VALUE)))
                .isInstanceOf(EventTimeOutOfRangeException.class);
    }

    @Test
    void lostEventsAreHeldToTheSameBounds() {
        GetFlowsResponse lost = GetFlowsResponse.newBuilder().setNodeName("node-1")
                .setTime(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond()))
                .setLostEvents(FlowProtos.LostEvent.newBuilder().setNumEventsLost(3)
                        .setFirst(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE / 2)))
                .build();

        assertThatThrownBy(() -> mapper.map(lost))
                .isInstanceOf(EventTimeOutOfRangeException.class)
                .hasMessageStartingWith("lost_events first ");
    }

    @Test
    void theFastPathsCheckAgreesWithTheMapping() {
        EventTimeBounds bounds = mapper.timeBounds();
        long latest = NOW.plus(Duration.ofDays(1)).getEpochSecond();

        assertThat(bounds.accepts(latest)).isTrue();
        assertThat(bounds.accepts(latest + 1)).isFalse();
        assertThat(bounds.accepts(EventTimeBounds.DEFAULT_EARLIEST.getEpochSecond())).isTrue();
        assertThat(bounds.accepts(EventTimeBounds.DEFAULT_EARLIEST.getEpochSecond() - 1)).isFalse();
    }

    private static GetFlowsResponse flowAt(long seconds) {
        return GetFlowsResponse.newBuilder().setNodeName("kind-worker")
                .setFlow(FlowProtos.Flow.newBuilder().setTime(Timestamp.newBuilder().setSeconds(seconds)))
                .build();
    }
}
