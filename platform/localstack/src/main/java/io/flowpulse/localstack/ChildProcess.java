package io.flowpulse.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One service process started by the stack, its output appended to a log file. */
public final class ChildProcess {

    /**
     * Runs the service in the background and kills it as soon as standard input reaches end of file, which
     * happens when the JVM holding the other end of the pipe dies in any way, even by SIGKILL.
     */
    private static final String WATCHED_BY_PARENT = String.join("\n",
            "exec 3<&0",
            "\"$@\" </dev/null &",
            "child=$!",
            "( while IFS= read -r _; do :; done; kill -TERM \"$child\" 2>/dev/null ) <&3 &",
            "watcher=$!",
            "exec 3<&- 0</dev/null",
            "trap 'kill -TERM \"$child\" 2>/dev/null' TERM INT HUP",
            "wait \"$child\"",
            "status=$?",
            "kill \"$watcher\" 2>/dev/null",
            "exit $status");

    private final Process process;
    private final Path logFile;

    private ChildProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    public static ChildProcess start(List<String> command, Path directory, Path logFile, LaunchMode mode) {
        List<String> fullCommand = new ArrayList<>();
        if (mode == LaunchMode.ATTACHED) {
            fullCommand.addAll(List.of("/bin/sh", "-c", WATCHED_BY_PARENT, "flowpulse-child"));
        } else {
            fullCommand.addAll(List.of("setsid", "--wait"));
        }
        fullCommand.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(fullCommand)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (mode == LaunchMode.DETACHED) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(logFile, "=== " + describe(command) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return new ChildProcess(builder.start(), logFile);
        } catch (IOException e) {
            throw new ServiceStartException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** The command line for the log, with a classpath shortened to its entry count. */
    static String describe(List<String> command) {
        List<String> shown = new ArrayList<>(command);
        for (int i = 1; i < shown.size(); i++) {
            if (shown.get(i - 1).equals("-cp") || shown.get(i - 1).equals("-classpath")) {
                shown.set(i, "<" + shown.get(i).split(File.pathSeparator).length + " classpath entries>");
            }
        }
        return String.join(" ", shown);
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Exit code of a process that has ended, -1 while it runs. */
    public int exitCodeOrMinusOne() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Waits for a short-lived command (a formatting tool, say) and returns its exit code. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(Duration.ofSeconds(2));
                throw new ServiceStartException("command did not finish within " + timeout
                        + "\n" + LogTail.of(logFile));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(Duration.ZERO);
            throw new ServiceStartException("interrupted", e);
        }
    }

    /** Stops the process and all its descendants: SIGTERM first, SIGKILL for whatever outlives the grace period. */
    public void stop(Duration grace) {
        stopTree(process.toHandle(), grace);
    }

    /** Stops a process tree that may have been started by another JVM (the detached stack). */
    public static void stopTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(Math.max(grace.toMillis(), 1), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tree.forEach(ProcessHandle::destroyForcibly);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitExit(List<ProcessHandle> tree, Duration timeout) {
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new UncheckedIOException(new IOException("processes did not exit after SIGKILL: " + tree));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
