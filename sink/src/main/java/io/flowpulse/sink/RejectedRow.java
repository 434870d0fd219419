package io.flowpulse.sink;

/** A row ClickHouse refused for what is in it, even alone; its source goes to the DLQ. */
public record RejectedRow<S>(String table, S source, String reason) {
}
