package io.flowpulse.streams.logic.latency;

/** Where a latency sample comes from; {@link #wireName()} is the {@code kind} field value. */
public enum LatencyKind {
    TCP_HANDSHAKE("tcp_handshake"),
    DNS("dns"),
    HTTP("http");

    private final String wireName;

    LatencyKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static LatencyKind fromWireName(String name) {
        for (LatencyKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown latency kind '" + name + "' (expected tcp_handshake, dns or http)");
    }
}
