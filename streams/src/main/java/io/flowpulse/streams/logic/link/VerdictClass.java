package io.flowpulse.streams.logic.link;

/** How a verdict counts on a link (analytics spec section 3). */
public enum VerdictClass {
    FORWARDED,
    DROPPED,
    OTHER;

    /** FORWARDED and REDIRECTED forward, DROPPED drops, anything else (ERROR, AUDIT, TRACED, ...) is other. */
    public static VerdictClass of(String verdict) {
        if ("FORWARDED".equals(verdict) || "REDIRECTED".equals(verdict)) {
            return FORWARDED;
        }
        if ("DROPPED".equals(verdict)) {
            return DROPPED;
        }
        return OTHER;
    }
}
