package io.flowpulse.streams.topology;

import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a flows-topic record: the flow's (or lost-events record's) time; for anything else,
 * e.g. the end marker, the record timestamp (never negative).
 */
public final class FlowTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        if (value instanceof Flow flow) {
            return flow.getTime().toEpochMilli();
        }
        if (value instanceof LostEvents lost) {
            return lost.getTime().toEpochMilli();
        }
        long timestamp = record.timestamp();
        return timestamp >= 0 ? timestamp : Math.max(0, partitionTime);
    }
}
