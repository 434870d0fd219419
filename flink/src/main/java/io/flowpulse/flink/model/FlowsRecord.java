package io.flowpulse.flink.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record of the flows topic as the Flink source hands it on: where it came from, its event time
 * and its value still in the Confluent wire format (decoded once, by the stage that needs the
 * fields). A Flink POJO: public fields and a no-argument constructor, so that it crosses the network
 * with Flink's own serializer.
 */
public class FlowsRecord {

    /** A Flow or LostEvents value. */
    public static final byte VALUE = 0;
    /** The end-of-replay marker ({@code io.flowpulse.streams.topology.EndOfStream}): closes every window of its partition. */
    public static final byte END_MARKER = 1;
    /** A value that cannot be read; {@link #error} says why. Goes to the dead-letter topic. */
    public static final byte INVALID = 2;

    public byte kind;
    /** Partition of the flows topic; stage 1 keeps its event time per partition. */
    public int partition;
    public long offset;
    /** Record key (the observing node), may be null. */
    public String key;
    /** Event time in epoch milliseconds (the record timestamp for markers and invalid records). */
    public long eventTime;
    /** The value bytes as read from Kafka; null for the end marker. */
    public byte[] value;
    /** Why the record is {@link #INVALID}; null otherwise. */
    public String error;

    public FlowsRecord() {
    }

    public static FlowsRecord value(int partition, long offset, String key, long eventTime, byte[] value) {
        return of(VALUE, partition, offset, key, eventTime, value, null);
    }

    public static FlowsRecord endMarker(int partition, long offset, long timestamp) {
        return of(END_MARKER, partition, offset, io.flowpulse.streams.topology.EndOfStream.KEY, timestamp, null, null);
    }

    public static FlowsRecord invalid(int partition, long offset, String key, long timestamp, byte[] value, String error) {
        return of(INVALID, partition, offset, key, timestamp, value, error);
    }

    private static FlowsRecord of(byte kind, int partition, long offset, String key, long eventTime, byte[] value,
                                  String error) {
        FlowsRecord record = new FlowsRecord();
        record.kind = kind;
        record.partition = partition;
        record.offset = offset;
        record.key = key;
        record.eventTime = eventTime;
        record.value = value;
        record.error = error;
        return record;
    }

    public boolean isEndMarker() {
        return kind == END_MARKER;
    }

    public boolean isInvalid() {
        return kind == INVALID;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowsRecord r && kind == r.kind && partition == r.partition && offset == r.offset
                && eventTime == r.eventTime && Objects.equals(key, r.key) && Arrays.equals(value, r.value)
                && Objects.equals(error, r.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, partition, offset, key, eventTime);
    }

    @Override
    public String toString() {
        return "FlowsRecord{kind=" + kind + ", partition=" + partition + ", offset=" + offset + ", key=" + key
                + ", eventTime=" + eventTime + (error == null ? "" : ", error=" + error) + "}";
    }
}
