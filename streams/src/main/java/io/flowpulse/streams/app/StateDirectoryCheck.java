package io.flowpulse.streams.app;

import io.flowpulse.runtime.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks before Kafka Streams starts that its state directory can be created and written, so that a
 * read-only or full volume stops the service with one line that names the directory and the setting
 * (exit code 2), not with a stack trace from inside Kafka Streams or a task failing later.
 */
final class StateDirectoryCheck {

    /** How Linux's ENOSPC reads in Java and in RocksDB's errors. */
    private static final String NO_SPACE = "No space left on device";

    private StateDirectoryCheck() {
    }

    static void requireWritable(Path dir) {
        Path probe = dir.resolve(".flowpulse-write-check");
        try {
            Files.createDirectories(dir);
            Files.write(probe, new byte[4096]);
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException e) {
            throw new Config.ConfigException("streams.state.dir " + dir + " cannot be written (" + describe(e)
                    + "): point it at a writable volume with free space");
        }
    }

    /**
     * The error to stop with when a stream thread failed because the state directory's volume is full
     * (RocksDB or a checkpoint could not write): the same kind of message and exit code as at start. The
     * state left behind is not trusted on restart: with exactly-once, Kafka Streams wipes the stores of
     * an unclean shutdown and restores them from their changelog topics.
     */
    static Optional<Config.ConfigException> fullVolume(Path dir, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains(NO_SPACE)) {
                return Optional.of(new Config.ConfigException("streams.state.dir " + dir + " ran out of space while "
                        + "running (" + t.getClass().getSimpleName() + ": " + firstLine(message) + "): free space or "
                        + "point it at a larger volume; the stores are restored from Kafka on restart"));
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static String describe(Exception e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
