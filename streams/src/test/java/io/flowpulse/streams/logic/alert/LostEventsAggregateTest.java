package io.flowpulse.streams.logic.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.avro.LostEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LostEventsAggregateTest {

    private static LostEvents lost(long count) {
        return LostEvents.newBuilder().setTime(Instant.parse("2024-05-01T10:00:05Z")).setNodeName("c1/node-1")
                .setNode("node-1").setSource("PERF_EVENT_RING_BUFFER").setNumEventsLost(count).build();
    }

    @Test
    void sumsRecordsAndLostEventsAndMerges() {
        LostEventsAggregate a = new LostEventsAggregate().add(lost(100)).add(lost(20));
        LostEventsAggregate b = new LostEventsAggregate().add(lost(3));
        a.merge(b);
        assertThat(a.forNode("node-1")).isEqualTo(new NodeLostEvents("node-1", 3, 123));
        LostEventsAggregate copy = LostEventsAggregate.CODEC.decode(LostEventsAggregate.CODEC.encode(a));
        assertThat(copy.records()).isEqualTo(3);
        assertThat(copy.eventsLost()).isEqualTo(123);
    }

    @Test
    void negativeCountsAreRejected() {
        assertThatThrownBy(() -> new LostEventsAggregate().add(lost(-1))).hasMessageContaining("negative num_events_lost");
    }
}
