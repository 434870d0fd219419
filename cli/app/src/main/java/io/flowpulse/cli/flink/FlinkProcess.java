package io.flowpulse.cli.flink;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A main class of the flink module in a child JVM on that module's class path ({@code flowpulse.flink.lib}):
 * the Flink engine runs on kafka-clients 4.2 and cannot share a JVM with the rest of the command (4.4).
 * Its output lines go to the given stream; {@link #stop} sends SIGTERM and kills it after a bound.
 */
public final class FlinkProcess {

    /** The folder of the engine's jars; the launcher and the integration tests set it. */
    public static final String LIB_PROPERTY = "flowpulse.flink.lib";
    public static final String REPLAY_MAIN = "io.flowpulse.flink.cli.FlinkReplayMain";
    public static final String STREAMS_MAIN = "io.flowpulse.flink.cli.FlinkStreamsMain";

    private final Process process;
    private final Thread output;

    private FlinkProcess(Process process, PrintStream out) {
        this.process = process;
        this.output = new Thread(() -> forward(process, out), "flink-engine-output");
        output.setDaemon(true);
        output.start();
    }

    /** Starts {@code mainClass} with {@code args}; its stdout and stderr both go to {@code out}, line by line. */
    public static FlinkProcess start(String mainClass, List<String> args, PrintStream out) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + System.getProperty("flowpulse.flink.heap", "1g"));
        command.add("-cp");
        command.add(classPath(System.getProperty(LIB_PROPERTY)));
        command.add(mainClass);
        command.addAll(args);
        return new FlinkProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), out);
    }

    /** Every jar of {@code lib}, sorted. */
    static String classPath(String lib) throws IOException {
        if (lib == null || lib.isBlank() || !Files.isDirectory(Path.of(lib))) {
            throw new IOException("the Flink engine's jars are missing: -D" + LIB_PROPERTY + " must name the folder "
                    + "holding them (cli/app/target/flink-lib, built by ./mvnw install)");
        }
        try (Stream<Path> jars = Files.list(Path.of(lib))) {
            List<Path> found = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (found.stream().noneMatch(p -> p.getFileName().toString().startsWith("flowpulse-flink-"))) {
                throw new IOException(lib + " does not hold the flowpulse-flink engine jar");
            }
            return found.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits at most {@code time}; true once the process has ended. */
    public boolean waitFor(Duration time) throws InterruptedException {
        return process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exit code, once ended, after its last output line has been forwarded. */
    public int exitCode() throws InterruptedException {
        int code = process.waitFor();
        output.join(TimeUnit.SECONDS.toMillis(5));
        return code;
    }

    /** SIGTERM (the engine stops its job and cleans up), then a kill when it has not ended within {@code bound}. */
    public void stop(Duration bound) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void forward(Process process, PrintStream out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.println(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
        out.flush();
    }
}
