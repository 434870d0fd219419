package io.flowpulse.streams.logic.link;

/** A link observation keyed by the link it belongs to. */
public record LinkEvent(LinkKey key, LinkObservation observation) {
}
