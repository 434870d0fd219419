package io.flowpulse.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** The end offsets of every input partition at one moment: what draining the topics has to read up to. */
final class CatchUpTarget {

    private final Map<TopicPartition, Long> endOffsets;

    private CatchUpTarget(Map<TopicPartition, Long> endOffsets) {
        this.endOffsets = endOffsets;
    }

    static CatchUpTarget endOffsetsNow(Consumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null) {
                for (PartitionInfo p : infos) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
        }
        return new CatchUpTarget(new HashMap<>(consumer.endOffsets(partitions)));
    }

    /** Whether every target partition is assigned to {@code consumer} and read up to its end offset. */
    boolean readBy(Consumer<?, ?> consumer) {
        if (!consumer.assignment().containsAll(endOffsets.keySet())) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> e : endOffsets.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
