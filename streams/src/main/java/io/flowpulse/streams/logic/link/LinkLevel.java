package io.flowpulse.streams.logic.link;

/** The three levels a link event is attributed at; {@link #wireName()} is the {@code level} field value. */
public enum LinkLevel {
    WORKLOAD("workload"),
    NODE("node"),
    SUBNET("subnet");

    private final String wireName;

    LinkLevel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static LinkLevel fromWireName(String name) {
        for (LinkLevel level : values()) {
            if (level.wireName.equals(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown link level '" + name + "' (expected workload, node or subnet)");
    }
}
