package io.flowpulse.runtime.service;

import io.flowpulse.runtime.Config;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Exit codes of every flowpulse command; README.md lists them too. */
public final class ExitCodes {
    /** Done: the whole input was processed (invalid records counted and sent to the DLQ). */
    public static final int OK = 0;
    /** An unexpected error; the log says what. */
    public static final int FAILURE = 1;
    /** Wrong usage: unknown option, missing or malformed setting. */
    public static final int USAGE = 2;
    /** A service the command needs (Kafka, registry, ClickHouse, Hubble) is down or unreachable after retries. */
    public static final int UNAVAILABLE = 3;
    /** Input could not be read (missing file, unreadable directory). */
    public static final int INPUT = 4;
    /** Stopped by a signal (Ctrl-C) before the work was complete. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** The exit code of a run that ended with {@code error}, from the first cause of a known kind. */
    public static int of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServiceUnavailableException) {
                return UNAVAILABLE;
            }
            if (t instanceof UnreadableInputException || t instanceof NoSuchFileException
                    || t instanceof AccessDeniedException) {
                return INPUT;
            }
            if (t instanceof Config.ConfigException) {
                return USAGE;
            }
            if (t instanceof InterruptedException) {
                return INTERRUPTED;
            }
        }
        return FAILURE;
    }
}
