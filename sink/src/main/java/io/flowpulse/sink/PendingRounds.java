package io.flowpulse.sink;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records read since the last commit, in at most two rounds: the one being read and the
 * older one handed to ClickHouse. Says what may be committed once ClickHouse confirmed the
 * older round, and where to read again when both are dropped (a failed commit, a rebalance).
 */
final class PendingRounds {

    private final boolean rawFlows;
    private final double flowSampleRatio;
    private PendingRecords reading;
    private PendingRecords inserting;

    PendingRounds(boolean rawFlows, double flowSampleRatio) {
        this.rawFlows = rawFlows;
        this.flowSampleRatio = flowSampleRatio;
        this.reading = newRound();
    }

    /** The round records are read into now. */
    PendingRecords reading() {
        return reading;
    }

    /** The round handed to ClickHouse and not committed yet; null when none. */
    PendingRecords inserting() {
        return inserting;
    }

    boolean isEmpty() {
        return inserting == null && reading.isEmpty();
    }

    int bufferedRows() {
        return reading.bufferedRows() + (inserting == null ? 0 : inserting.bufferedRows());
    }

    /** Hands the records read so far to ClickHouse and starts a new round of reading. */
    PendingRecords startInsert() {
        if (inserting != null) {
            throw new IllegalStateException("a round is already being inserted");
        }
        inserting = reading;
        reading = newRound();
        return inserting;
    }

    /**
     * The offsets to commit once ClickHouse confirmed every row of the round being inserted
     * and its dead letters were acknowledged. The round being read is newer, so it is never
     * committed past.
     */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        if (inserting != null) {
            inserting.nextOffsets().forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next)));
        }
        return offsets;
    }

    /** The round being inserted is committed: it is done with. */
    void committed() {
        inserting = null;
    }

    /**
     * Drops both rounds. Returns, for the partitions in {@code stillAssigned}, the first
     * offset not committed: the consumer seeks there so those records are read again.
     * Partitions that went elsewhere are read again by their new owner from the last commit.
     */
    Map<TopicPartition, Long> dropAll(Collection<TopicPartition> stillAssigned) {
        Map<TopicPartition, Long> firstOffsets = new HashMap<>(reading.firstOffsets());
        if (inserting != null) {
            firstOffsets.putAll(inserting.firstOffsets());
        }
        Map<TopicPartition, Long> readAgainFrom = new HashMap<>();
        for (TopicPartition tp : stillAssigned) {
            Long first = firstOffsets.get(tp);
            if (first != null) {
                readAgainFrom.put(tp, first);
            }
        }
        inserting = null;
        reading = newRound();
        return readAgainFrom;
    }

    /** The partitions of {@code assignment} that stay after {@code leaving} go. */
    static Set<TopicPartition> kept(Collection<TopicPartition> assignment, Collection<TopicPartition> leaving) {
        Set<TopicPartition> kept = new HashSet<>(assignment);
        kept.removeAll(leaving);
        return kept;
    }

    private PendingRecords newRound() {
        return new PendingRecords(rawFlows, flowSampleRatio);
    }
}
