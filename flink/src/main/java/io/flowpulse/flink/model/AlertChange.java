package io.flowpulse.flink.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * An alert state change (FIRING or RESOLVED) on its way to the alerts sink: the alert id (the
 * record key) and the {@code Alert} in plain Avro binary ({@link io.flowpulse.flink.kafka.AvroBinary}).
 */
public class AlertChange {

    public String id;
    public long windowStart;
    public byte[] alert;

    public AlertChange() {
    }

    public AlertChange(String id, long windowStart, byte[] alert) {
        this.id = id;
        this.windowStart = windowStart;
        this.alert = alert;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertChange a && windowStart == a.windowStart && Objects.equals(id, a.id)
                && Arrays.equals(alert, a.alert);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, windowStart);
    }
}
