package io.flowpulse.streams.logic.naming;

/** An endpoint named at the three levels of the analytics. */
public record EndpointNames(String workload, String node, String subnet) {
}
