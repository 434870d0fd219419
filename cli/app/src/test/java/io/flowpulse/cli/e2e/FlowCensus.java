package io.flowpulse.cli.e2e;

import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
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
 * @param queueLosses      of those, the records of events a following client missed because it read too slowly
 *                         (source OBSERVER_EVENTS_QUEUE), and the events they report lost
 */
record FlowCensus(long flowRecords, Set<String> uuids, long lostEventRecords, long eventsLost, Losses queueLosses) {

    record Losses(long records, long events) {
    }

    static FlowCensus read(String bootstrap, String registryUrl, String topic) {
        Deserializer<GenericRecord> values = AvroSerde.generic(SchemaRegistryClient.builder(registryUrl).build())
                .deserializer();
        long[] flows = new long[1];
        long[] lostRecords = new long[1];
        long[] lost = new long[1];
        long[] queue = new long[2];
        Set<String> uuids = new HashSet<>();
        LivePipeline.readToEnd(bootstrap, topic, record -> {
            if (record.value() == null) {
                return; // an end-of-stream marker
            }
            GenericRecord value = values.deserialize(topic, record.value());
            if (value.getSchema().getName().equals("LostEvents")) {
                lostRecords[0]++;
                long events = ((Number) value.get("num_events_lost")).longValue();
                lost[0] += events;
                if ("OBSERVER_EVENTS_QUEUE".equals(value.get("source").toString())) {
                    queue[0]++;
                    queue[1] += events;
                }
            } else {
                flows[0]++;
                Object uuid = value.get("uuid");
                if (uuid == null) {
                    throw new AssertionError("a flow without uuid on " + topic + ": " + value);
                }
                uuids.add(uuid.toString());
            }
        });
        return new FlowCensus(flows[0], uuids, lostRecords[0], lost[0], new Losses(queue[0], queue[1]));
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
        return String.format("%d flow records, %d distinct, %d lost-events records (%d events lost; of them %d "
                        + "records, %d events from a follower's queue)", flowRecords, uuids.size(), lostEventRecords,
                eventsLost, queueLosses.records(), queueLosses.events());
    }
}
