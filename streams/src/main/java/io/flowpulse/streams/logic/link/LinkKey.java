package io.flowpulse.streams.logic.link;

import java.util.Objects;

/** A directed link at one level; {@link #asString()} is the topic key {@code <level>|<src>|<dst>}. */
public record LinkKey(LinkLevel level, String src, String dst) {

    public LinkKey {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
    }

    public String asString() {
        return level.wireName() + "|" + src + "|" + dst;
    }

    public static LinkKey parse(String key) {
        String[] parts = key.split("\\|", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a link key '<level>|<src>|<dst>': '" + key + "'");
        }
        return new LinkKey(LinkLevel.fromWireName(parts[0]), parts[1], parts[2]);
    }
}
