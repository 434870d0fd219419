package io.flowpulse.simulator;

/** How a live feed releases events: at the pace of their timestamps, or as fast as they can be made. */
public enum Pacing {
    REALTIME, FAST
}
