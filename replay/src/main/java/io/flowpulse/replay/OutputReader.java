package io.flowpulse.replay;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads the output topics of a replay from their beginning up to given end offsets. */
final class OutputReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Properties consumerProps;
    private final Map<String, Deserializer<?>> deserializers = new HashMap<>();

    OutputReader(String bootstrapServers, Properties overrides, SchemaRegistryClient registry, ReplayTopics topics) {
        consumerProps = new Properties();
        consumerProps.putAll(overrides);
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "flowpulse-replay-reader-" + topics.runId());
        deserializers.put(topics.links(), AvroSerde.specific(LinkWindow.class, registry).deserializer());
        deserializers.put(topics.dns(), AvroSerde.specific(DnsWindow.class, registry).deserializer());
        deserializers.put(topics.latency(), AvroSerde.specific(LatencyWindow.class, registry).deserializer());
        deserializers.put(topics.alerts(), AvroSerde.specific(Alert.class, registry).deserializer());
    }

    /**
     * @param endOffsets every partition of the output topics with the offset to read up to
     * @param timeout    longest time to wait for the records
     */
    ReplayOutputs readUpTo(Map<TopicPartition, Long> endOffsets, Duration timeout) {
        ReplayOutputs outputs = new ReplayOutputs();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(endOffsets.keySet());
            consumer.seekToBeginning(endOffsets.keySet());
            while (!reachedEnd(consumer, endOffsets)) {
                if (System.nanoTime() > deadline) {
                    throw new ReplayException("could not read the replay's results within " + timeout.toSeconds()
                            + " s; still missing from " + missing(consumer, endOffsets));
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= endOffsets.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    Deserializer<?> deserializer = deserializers.get(record.topic());
                    outputs.add(deserializer.deserialize(record.topic(), record.headers(), record.value()));
                }
            }
        }
        return outputs;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> endOffsets) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> missing(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> missing = new HashMap<>();
        ends.forEach((partition, end) -> {
            long position = consumer.position(partition);
            if (position < end) {
                missing.put(partition, end - position);
            }
        });
        return missing;
    }
}
