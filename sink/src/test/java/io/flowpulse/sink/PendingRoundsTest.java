package io.flowpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingRoundsTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void onlyTheRoundHandedToClickHouseIsCommittable() {
        PendingRounds pending = new PendingRounds(false, 1.0);
        pending.reading().handled(P0, 10);
        pending.reading().handled(P0, 11);
        assertThat(pending.committable()).isEmpty();

        pending.startInsert();
        pending.reading().handled(P0, 12);
        pending.reading().handled(P1, 3);
        assertThat(pending.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(12)));

        pending.committed();
        assertThat(pending.inserting()).isNull();
        assertThat(pending.isEmpty()).isFalse();
    }

    @Test
    void droppingRewindsThePartitionsKeptToTheFirstOffsetNotCommitted() {
        PendingRounds pending = new PendingRounds(false, 1.0);
        pending.reading().handled(P0, 10);
        pending.reading().handled(P1, 5);
        pending.startInsert();
        pending.reading().handled(P0, 11);
        pending.reading().handled(P1, 6);

        Map<TopicPartition, Long> readAgain = pending.dropAll(PendingRounds.kept(List.of(P0, P1), List.of(P1)));
        assertThat(readAgain).as("P1 was revoked: its new owner reads it from the last commit").isEqualTo(Map.of(P0, 10L));
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.committable()).isEmpty();
    }
}
