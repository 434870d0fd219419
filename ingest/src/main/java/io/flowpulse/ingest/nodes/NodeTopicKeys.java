package io.flowpulse.ingest.nodes;

import io.flowpulse.runtime.KafkaClientProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The node names the compacted nodes topic holds now: every key whose latest record is not a
 * tombstone. Read from the beginning to the end offsets at the time of the call, without a group.
 */
public final class NodeTopicKeys {

    private NodeTopicKeys() {
    }

    /** A reader of {@code topic}'s live keys, for {@link NodeInventoryPublisher}; each call reads the topic again. */
    public static Supplier<Set<String>> reader(KafkaClientProperties kafka, String topic) {
        return () -> read(kafka, topic, Duration.ofSeconds(60));
    }

    static Set<String> read(KafkaClientProperties kafka, String topic, Duration timeout) {
        Properties p = kafka.consumer()
                .withDefault(ConsumerConfig.CLIENT_ID_CONFIG, "flowpulse-ingest-nodes-reader")
                .with(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .build();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return Set.of();
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
            Set<String> live = new TreeSet<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!end.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    if (r.value() == null) {
                        live.remove(r.key());
                    } else {
                        live.add(r.key());
                    }
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            return live;
        }
    }
}
