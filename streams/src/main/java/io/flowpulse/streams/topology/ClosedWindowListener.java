package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.TimeWindow;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Told about every closed window of a stage-2 task, in window order, including windows in which the
 * task had no record at all (so that a condition can stop holding for a key without a record).
 */
public interface ClosedWindowListener {

    /**
     * @param window      the closed window
     * @param aggregates  every aggregate of the task that closed with it (keyed by tag and output key)
     * @return records to emit (e.g. alerts), keyed by their output key
     */
    List<org.apache.kafka.streams.KeyValue<String, SpecificRecord>> onWindowClosed(TimeWindow window,
                                                                                  List<ClosedAggregate> aggregates);

    /** Whether windows without any aggregate still need to be reported (e.g. alerts are firing). */
    boolean wantsEmptyWindows();

    ClosedWindowListener NONE = new ClosedWindowListener() {
        @Override
        public List<org.apache.kafka.streams.KeyValue<String, SpecificRecord>> onWindowClosed(
                TimeWindow window, List<ClosedAggregate> aggregates) {
            return List.of();
        }

        @Override
        public boolean wantsEmptyWindows() {
            return false;
        }
    };

    /** Creates the listener of one stage-2 task; it may keep its state in stores of that task. */
    @FunctionalInterface
    interface Factory {
        ClosedWindowListener forTask(org.apache.kafka.streams.processor.api.ProcessorContext<?, ?> context);
    }

    /** A final aggregate: its type tag, output key, decoded aggregate and final record (may be null). */
    record ClosedAggregate(char tag, String outputKey, Object aggregate, SpecificRecord finalRecord) {
    }
}
