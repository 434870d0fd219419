package io.flowpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupProgressTest {

    private static final TopicPartition P0 = new TopicPartition("flows", 0);
    private static final TopicPartition P1 = new TopicPartition("flows", 1);

    @Test
    void isCaughtUpWhenEveryPartitionIsCommittedToItsEnd() {
        assertThat(GroupProgress.lag(Map.of(P0, 10L, P1, 3L),
                Map.of(P0, new OffsetAndMetadata(10), P1, new OffsetAndMetadata(3)))).isZero();
    }

    @Test
    void countsAPartitionWithoutACommitFromItsStart() {
        assertThat(GroupProgress.lag(Map.of(P0, 10L, P1, 3L), Map.of(P0, new OffsetAndMetadata(7)))).isEqualTo(6);
    }

    @Test
    void anEmptyPartitionNeedsNoCommit() {
        assertThat(GroupProgress.lag(Map.of(P0, 0L), Map.of())).isZero();
    }

    @Test
    void ignoresCommitsOfOtherTopics() {
        TopicPartition other = new TopicPartition("partials", 0);
        assertThat(GroupProgress.lag(Map.of(P0, 5L), Map.of(other, new OffsetAndMetadata(5)))).isEqualTo(5);
    }
}
