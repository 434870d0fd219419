package io.flowpulse.streams.app;

import io.flowpulse.runtime.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks before Kafka Streams starts that its state directory can be created and written, so that a
 * read-only or full volume stops the service with one line that names the directory and the setting
 * (exit code 2), not with a stack trace from inside Kafka Streams or a task failing later.
 */
final class StateDirectoryCheck {

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

    private static String describe(Exception e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
