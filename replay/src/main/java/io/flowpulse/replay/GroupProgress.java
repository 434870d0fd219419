package io.flowpulse.replay;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Whether a consumer group has committed every partition of a topic up to its end offset. */
final class GroupProgress {

    private GroupProgress() {
    }

    /**
     * @param endOffsets end offset of every partition that must be read (an empty partition has 0)
     * @param committed  the group's committed offsets; a partition without a commit counts as 0
     * @return the records still to be read over all partitions
     */
    static long lag(Map<TopicPartition, Long> endOffsets, Map<TopicPartition, OffsetAndMetadata> committed) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            long position = done == null ? 0 : done.offset();
            lag += Math.max(0, end.getValue() - position);
        }
        return lag;
    }
}
