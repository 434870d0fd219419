package io.flowpulse.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a service log, for error messages. */
public final class LogTail {

    private static final int DEFAULT_LINES = 40;
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    public static String of(Path logFile) {
        return of(logFile, DEFAULT_LINES);
    }

    public static String of(Path logFile, int lines) {
        if (!Files.exists(logFile)) {
            return "(no log at " + logFile + ")";
        }
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(0, file.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return "--- last " + last.size() + " lines of " + logFile + " ---\n" + String.join("\n", last);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }
}
