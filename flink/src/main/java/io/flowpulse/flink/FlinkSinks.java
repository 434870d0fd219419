package io.flowpulse.flink;

import io.flowpulse.flink.model.AlertChange;
import io.flowpulse.flink.model.DeadLetter;
import io.flowpulse.flink.model.WindowPart;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * The outputs of the job: final window aggregates (to the links, DNS and latency topics; lost-events
 * aggregates come along and are not written), alert state changes, and optionally records that could
 * not be processed (null: they are counted and dropped).
 */
public record FlinkSinks(Sink<WindowPart> results, Sink<AlertChange> alerts, Sink<DeadLetter> deadLetters) {

    public FlinkSinks {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(alerts, "alerts");
    }
}
