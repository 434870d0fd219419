package io.flowpulse.streams.logic.alert;

/** Hubble lost-events records of one node in one window: how many records and the sum of num_events_lost. */
public record NodeLostEvents(String node, long records, long eventsLost) {
}
