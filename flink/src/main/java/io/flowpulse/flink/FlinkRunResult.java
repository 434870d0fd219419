package io.flowpulse.flink;

import io.flowpulse.flink.operators.JobCounter;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of a finished (or cancelled) local run, summed over the subtasks: input records, late
 * records and samples, late partials, dead letters, windows closed, alert changes. Counts start at 0
 * at every (re)start of the job.
 */
public record FlinkRunResult(String jobId, Map<String, Long> counters, Duration runtime) {

    public FlinkRunResult {
        counters = new TreeMap<>(counters);
    }

    public long count(String name) {
        return counters.getOrDefault(name, 0L);
    }

    public long inputRecords() {
        return count(JobCounter.INPUT_RECORDS);
    }

    public long lateRecords() {
        return count(JobCounter.LATE_RECORDS);
    }

    public long latePartials() {
        return count(JobCounter.LATE_PARTIALS);
    }

    public long deadLetters() {
        return count(JobCounter.DEAD_LETTERS);
    }

    public long endMarkers() {
        return count(JobCounter.END_MARKERS);
    }
}
