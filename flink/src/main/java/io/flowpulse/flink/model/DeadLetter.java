package io.flowpulse.flink.model;

import java.util.Objects;

/** A flows record the job could not process, for the dead-letter topic: its origin, bytes and the reason. */
public class DeadLetter {

    public String topic;
    public int partition;
    public long offset;
    public String key;
    public byte[] value;
    public String reason;
    public String exception;

    public DeadLetter() {
    }

    public DeadLetter(String topic, int partition, long offset, String key, byte[] value, String reason,
                      String exception) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
        this.reason = reason;
        this.exception = exception;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && partition == d.partition && offset == d.offset
                && Objects.equals(topic, d.topic) && Objects.equals(reason, d.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }
}
