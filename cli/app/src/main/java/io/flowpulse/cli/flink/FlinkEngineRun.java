package io.flowpulse.cli.flink;

import io.flowpulse.cli.service.BackgroundService;
import io.flowpulse.runtime.service.ExitCodes;
import io.flowpulse.runtime.service.ServiceUnavailableException;
import io.flowpulse.runtime.service.UnreadableInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The Flink engine as a service of the runner: a child JVM ({@link FlinkProcess}) with the command's
 * resolved settings in a properties file. It ends when the child does; a stop (Ctrl-C) sends the
 * child SIGTERM. The child's exit code becomes the outcome the runner maps back to the same code:
 * 3 unavailable, 4 unreadable input, 130 interrupted, any other non-zero a failure.
 */
public class FlinkEngineRun extends BackgroundService {

    /** How long a stopped engine gets to stop its job (savepoint) and clean up before it is killed. */
    static final Duration STOP_BOUND = Duration.ofSeconds(45);

    private final String mainClass;
    private final Map<String, String> settings;
    private final List<String> args;
    private final PrintStream out;

    /**
     * @param settings the resolved settings the child reads (written to a file only the user can read)
     * @param args     the other arguments of the child's main
     */
    public FlinkEngineRun(String name, String mainClass, Map<String, String> settings, List<String> args,
                          PrintStream out) {
        super(name);
        this.mainClass = mainClass;
        this.settings = Map.copyOf(settings);
        this.args = List.copyOf(args);
        this.out = out;
    }

    @Override
    protected void work() throws Exception {
        Path file = Files.createTempFile("flowpulse-flink-", ".properties",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Properties props = new Properties();
            props.putAll(settings);
            try (OutputStream stream = Files.newOutputStream(file)) {
                props.store(stream, null);
            }
            List<String> all = new ArrayList<>(List.of("--settings", file.toString()));
            all.addAll(args);
            if (stopRequested()) {
                throw new InterruptedException("stopped before the start");
            }
            FlinkProcess process = FlinkProcess.start(mainClass, all, out);
            boolean stopped = false;
            while (!process.waitFor(Duration.ofMillis(200))) {
                if (!pause(Duration.ofMillis(1))) {
                    stopped = true;
                    process.stop(STOP_BOUND);
                    break;
                }
            }
            int code = process.exitCode();
            ended(code, stopped);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Turns the child's exit code into this service's outcome. */
    protected void ended(int code, boolean stopped) throws Exception {
        switch (code) {
            case ExitCodes.OK -> { }
            case ExitCodes.UNAVAILABLE -> throw new ServiceUnavailableException(name() + ": unavailable");
            case ExitCodes.INPUT -> throw new UnreadableInputException(name() + ": an input could not be read");
            case ExitCodes.INTERRUPTED -> throw new InterruptedException(name() + " stopped");
            default -> {
                if (stopped) {
                    // SIGTERM ends a JVM with 143 once its shutdown hooks (the job's stop) are done
                    throw new InterruptedException(name() + " stopped (exit " + code + ")");
                }
                throw new IOException(name() + ": the Flink engine's process exited with " + code);
            }
        }
    }
}
