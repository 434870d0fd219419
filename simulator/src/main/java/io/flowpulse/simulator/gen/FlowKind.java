package io.flowpulse.simulator.gen;

/** What kind of conversation an event belongs to, for progress and summaries. */
public enum FlowKind {
    TCP, HTTP, UDP, ICMP, DNS, WORLD, LOST_EVENTS;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
