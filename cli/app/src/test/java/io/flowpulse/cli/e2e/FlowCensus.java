package io.flowpulse.cli.e2e;

import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What ingest left on a flows topic, counted by Hubble's per-flow uuid: how many flow records, how many
 * distinct flows, and the lost-events records with the number of events they report lost. Compared
 * with the flows the simulated relay produced, it says how many flows were lost and how many
 * published twice.
 *
 * @param flowRecords      flow records on the topic
 * @param uuids            the distinct flows among them
 * @param lostEventRecords lost-events records
 * @param eventsLost       events those records report lost
 */
record FlowCensus(long flowRecords, Set<String> uuids, long lostEventRecords, long eventsLost) {

    static FlowCensus read(String bootstrap, String registryUrl, String topic) {
        Deserializer<GenericRecord> values = AvroSerde.generic(SchemaRegistryClient.builder(registryUrl).build())
                .deserializer();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long flows = 0;
        long lostRecords = 0;
        long lost = 0;
        Set<String> uuids = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + ends);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue; // an end-of-stream marker
                    }
                    GenericRecord value = values.deserialize(topic, record.value());
                    if (value.getSchema().getName().equals("LostEvents")) {
                        lostRecords++;
                        lost += ((Number) value.get("num_events_lost")).longValue();
                    } else {
                        flows++;
                        Object uuid = value.get("uuid");
                        if (uuid == null) {
                            throw new AssertionError("a flow without uuid on " + topic + ": " + value);
                        }
                        uuids.add(uuid.toString());
                    }
                }
            }
        }
        return new FlowCensus(flows, uuids, lostRecords, lost);
    }

    /** Flows of {@code expected} that are not on this topic. */
    long lostComparedWith(FlowCensus expected) {
        return expected.uuids.stream().filter(uuid -> !uuids.contains(uuid)).count();
    }

    /** Flow records beyond the first of their uuid. */
    long duplicated() {
        return flowRecords - uuids.size();
    }

    @Override
    public String toString() {
        return String.format("%d flow records, %d distinct, %d lost-events records (%d events lost)", flowRecords,
                uuids.size(), lostEventRecords, eventsLost);
    }
}
