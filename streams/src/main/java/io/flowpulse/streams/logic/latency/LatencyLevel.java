package io.flowpulse.streams.logic.latency;

/** Latency is aggregated between nodes and between subnets. */
public enum LatencyLevel {
    NODE("node"),
    SUBNET("subnet");

    private final String wireName;

    LatencyLevel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static LatencyLevel fromWireName(String name) {
        for (LatencyLevel level : values()) {
            if (level.wireName.equals(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown latency level '" + name + "' (expected node or subnet)");
    }
}
