package io.flowpulse.replay;

import java.io.IOException;

/** One replay run, whichever way it runs: through Kafka ({@link Replay}) or in process ({@link InProcessReplay}). */
public interface ReplayEngine extends AutoCloseable {

    /**
     * Reads the input, analyses it and returns the report.
     *
     * @throws java.nio.file.NoSuchFileException   when an input does not exist
     * @throws java.nio.file.AccessDeniedException when an input file cannot be read
     * @throws InterruptedException                when {@link #stop()} came first
     */
    ReplayResult run() throws IOException, InterruptedException;

    /** Asks a running replay to stop; may be called from any thread. */
    void stop();

    /** Releases what the run holds (topics, local state); nothing by default. */
    @Override
    default void close() {
    }
}
