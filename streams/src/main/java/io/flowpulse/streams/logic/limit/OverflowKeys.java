package io.flowpulse.streams.logic.limit;

import io.flowpulse.streams.logic.latency.LatencyKey;
import io.flowpulse.streams.logic.link.LinkKey;

/**
 * The keys that take in what a window's new keys add once the window holds its most distinct keys
 * ({@link WindowKeyLimit}). Every name in them is {@value #NAME}, which no Kubernetes, node or
 * reserved name can be (those allow no parentheses); the level (and for latency the kind) of the
 * folded key is kept, so that the overflow stays comparable with the keys of its level.
 */
public final class OverflowKeys {

    /** Stands for every workload, node or subnet folded into the overflow. */
    public static final String NAME = "(overflow)";

    private OverflowKeys() {
    }

    /** {@code <level>|(overflow)|(overflow)}, of the level of {@code key}. */
    public static String link(String key) {
        LinkKey link = LinkKey.parse(key);
        return new LinkKey(link.level(), NAME, NAME).asString();
    }

    /** {@code <level>|<kind>|(overflow)|(overflow)}, of the level and kind of {@code key}. */
    public static String latency(String key) {
        LatencyKey latency = LatencyKey.parse(key);
        return new LatencyKey(latency.level(), latency.kind(), NAME, NAME).asString();
    }

    /** The client, or node, {@value #NAME}: DNS and lost-events keys are a bare name. */
    public static String name() {
        return NAME;
    }
}
