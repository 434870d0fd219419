package io.flowpulse.replay;

import io.flowpulse.replay.report.ReplayReport;

/**
 * The outcome of a replay.
 *
 * @param report           the report over everything that was read
 * @param unreadableFiles  files that could not be read to their end (their lines before the failure are in the report)
 * @param unpublished      records Kafka did not take (e.g. they could not be serialized; sent to the dead-letter topic)
 * @param analyticsDeadLetters records the topology could not process and sent to the dead-letter topic
 * @param duplicates       result records delivered twice and reported once
 * @param seconds          wall-clock duration of the replay
 */
public record ReplayResult(ReplayReport report, long unreadableFiles, long unpublished,
                           long analyticsDeadLetters, long duplicates,
                           double seconds) {

    /** Whether the whole input went through the analytics (invalid lines are counted, not a failure). */
    public boolean complete() {
        return unreadableFiles == 0 && unpublished == 0 && analyticsDeadLetters == 0;
    }
}
