package io.flowpulse.streams.topology;

import io.flowpulse.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The end-of-replay marker on the flows topic.
 *
 * <p>Form: key {@value #KEY}, value null, sent once to EVERY partition of the flows topic after
 * the last record of a replay, with a record timestamp at or after the last event time. When stage 1
 * of the topology reads it on a partition, it closes every open window of that partition, emits the
 * partial aggregates and a final watermark ({@link Long#MAX_VALUE}); once every upstream partition has
 * done so, stage 2 closes every window and the alerts of the last window are evaluated.
 *
 * <p>The marker ends the run for the application id: a partition that has seen it treats every
 * later record as late. Replay the next capture with a new application id.
 */
public final class EndOfStream {

    /** Record key of the marker. */
    public static final String KEY = Topics.END_OF_STREAM_KEY;

    private EndOfStream() {
    }

    public static boolean isMarker(String key) {
        return KEY.equals(key);
    }

    /** One marker per partition of {@code topic}, each with an explicit partition. */
    public static <V> List<ProducerRecord<String, V>> markers(String topic, int partitions, long timestampMillis) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("topic " + topic + " must have at least one partition, got " + partitions);
        }
        List<ProducerRecord<String, V>> records = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            records.add(new ProducerRecord<String, V>(topic, partition, (Long) timestampMillis, KEY, (V) null));
        }
        return records;
    }
}
