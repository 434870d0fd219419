package io.flowpulse.flink.model;

import java.util.Arrays;
import java.util.Objects;

/** A record of the node inventory topic: the node name and its value in the Confluent wire format, null to remove it. */
public class NodeUpdate {

    public String name;
    public byte[] value;

    public NodeUpdate() {
    }

    public NodeUpdate(String name, byte[] value) {
        this.name = name;
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeUpdate u && Objects.equals(name, u.name) && Arrays.equals(value, u.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }
}
