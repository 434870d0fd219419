package io.flowpulse.streams.logic.latency;

import java.util.Objects;

/** Aggregation key of latency; {@link #asString()} is the topic key {@code <level>|<kind>|<src>|<dst>}. */
public record LatencyKey(LatencyLevel level, LatencyKind kind, String src, String dst) {

    public LatencyKey {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
    }

    public String asString() {
        return level.wireName() + "|" + kind.wireName() + "|" + src + "|" + dst;
    }

    public static LatencyKey parse(String key) {
        String[] parts = key.split("\\|", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a latency key '<level>|<kind>|<src>|<dst>': '" + key + "'");
        }
        return new LatencyKey(LatencyLevel.fromWireName(parts[0]), LatencyKind.fromWireName(parts[1]), parts[2], parts[3]);
    }
}
