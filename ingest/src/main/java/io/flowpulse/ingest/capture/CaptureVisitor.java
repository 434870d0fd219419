package io.flowpulse.ingest.capture;

import java.nio.file.Path;

/** Receives what {@link CaptureReader#read} finds, in file and line order. */
public interface CaptureVisitor {

    default void fileStarted(Path file) {
    }

    void event(CaptureItem.Event event) throws InterruptedException;

    /** A line that is not a Hubble event; the caller decides where it goes (the dead-letter topic). */
    void invalid(CaptureItem.Invalid line) throws InterruptedException;

    /** A file that could not be read to its end; reading goes on with the next file. */
    void unreadable(CaptureItem.Unreadable file) throws InterruptedException;

    /** @param counters what this file held */
    default void fileFinished(Path file, CaptureCounters counters) {
    }
}
