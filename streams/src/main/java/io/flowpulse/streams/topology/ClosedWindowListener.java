package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.TimeWindow;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Told about the closed windows of a stage-2 task, in window order: every window in which the
 * task had aggregates, and the last window of each close even when the task had nothing in it.
 * Windows between two calls are closed windows without records.
 */
public interface ClosedWindowListener {

    /**
     * @param window     the closed window
     * @param aggregates every aggregate of the task that closed with it
     * @return records to emit (e.g. alerts), keyed by their output key
     */
    List<KeyValue<String, SpecificRecord>> onWindowClosed(TimeWindow window, List<ClosedAggregate> aggregates);

    ClosedWindowListener NONE = (window, aggregates) -> List.of();

    /** Creates the listener of one stage-2 task; it may keep its state in stores of that task. */
    @FunctionalInterface
    interface Factory {
        ClosedWindowListener forTask(ProcessorContext<?, ?> context);
    }

    /** A final aggregate: its type tag, output key, decoded aggregate and final record (null when it has none). */
    record ClosedAggregate(char tag, String outputKey, Object aggregate, SpecificRecord finalRecord) {
    }
}
