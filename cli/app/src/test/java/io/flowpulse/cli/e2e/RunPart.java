package io.flowpulse.cli.e2e;

import io.flowpulse.cli.Main;
import io.flowpulse.runtime.service.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One Flowpulse service of a fault-matrix run (ingest, a streams instance, the sink): either built in
 * the test's JVM, or the {@code flowpulse} command itself in a JVM of its own, which a fault can kill
 * with SIGKILL and start again.
 */
abstract sealed class RunPart implements AutoCloseable permits RunPart.InProcess, RunPart.Child {

    final String name;

    RunPart(String name) {
        this.name = name;
    }

    abstract void start() throws Exception;

    /** SIGKILL: no close, no flush, no commit. Only a part in a JVM of its own can be killed. */
    abstract void kill() throws Exception;

    /** Why the service ended by itself (a failure, or an exit code), null while it runs or after a kill. */
    abstract String endedBecause();

    /** Stops the service the way an operator does (close / SIGTERM). */
    @Override
    public abstract void close();

    static RunPart inProcess(String name, Supplier<Service> factory) {
        return new InProcess(name, factory);
    }

    /** {@code flowpulse <command> <args> --set key=value...} in a child JVM; its output goes to {@code log}. */
    static RunPart child(String name, List<String> commandAndArgs, Map<String, String> settings, Path log) {
        List<String> args = new ArrayList<>(commandAndArgs);
        settings.forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        args.add("--log-level");
        args.add("WARN");
        return new Child(name, args, log);
    }

    static final class InProcess extends RunPart {
        private final Supplier<Service> factory;
        private Service service;
        private volatile String ended;
        private volatile boolean closing;

        InProcess(String name, Supplier<Service> factory) {
            super(name);
            this.factory = factory;
        }

        @Override
        void start() throws Exception {
            service = factory.get();
            service.start();
            Service started = service;
            Thread watcher = new Thread(() -> {
                try {
                    started.await();
                    if (!closing) {
                        ended = "it stopped by itself";
                    }
                } catch (Exception e) {
                    if (!closing) {
                        java.io.StringWriter trace = new java.io.StringWriter();
                        e.printStackTrace(new java.io.PrintWriter(trace));
                        ended = "it failed: " + trace;
                    }
                }
            }, "watch-" + name);
            watcher.setDaemon(true);
            watcher.start();
        }

        @Override
        String endedBecause() {
            return ended;
        }

        Service service() {
            return service;
        }

        @Override
        void kill() {
            throw new UnsupportedOperationException(name + " runs in the test's JVM: it cannot be killed");
        }

        @Override
        public void close() {
            closing = true;
            if (service != null) {
                service.stop();
                service.close();
                service = null;
            }
        }
    }

    static final class Child extends RunPart {
        /** What every service command prints on standard error once its endpoint serves. */
        private static final String STARTED = "/metrics)";
        private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

        private final List<String> args;
        private final Path log;
        private Process process;
        private int starts;
        private boolean killed;

        Child(String name, List<String> args, Path log) {
            super(name);
            this.args = args;
            this.log = log;
        }

        @Override
        void start() throws Exception {
            long offset = launch();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!output(offset).contains(STARTED)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError(name + " did not start; its output:\n" + output(offset));
                }
                Thread.sleep(100);
            }
        }

        /** Runs a command that is expected to end by itself; returns its exit code and its output. */
        Map.Entry<Integer, String> runToExit(Duration timeout) throws Exception {
            long offset = launch();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not end within " + timeout + "; its output:\n" + output(offset));
            }
            return Map.entry(process.exitValue(), output(offset));
        }

        /** Starts the JVM; returns where its output begins in the log. */
        private long launch() throws Exception {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx384m");
            command.add("-XX:TieredStopAtLevel=1");
            String serializable = System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES");
            if (serializable != null) {
                command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=" + serializable);
            }
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(Main.class.getName());
            command.addAll(args);
            starts++;
            killed = false;
            Files.writeString(log, "=== start " + starts + " of " + name + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            long offset = Files.size(log);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return offset;
        }

        private String output(long from) throws java.io.IOException {
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        void kill() throws InterruptedException {
            killed = true;
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " outlived SIGKILL");
            }
        }

        @Override
        String endedBecause() {
            if (process == null || process.isAlive() || killed) {
                return null;
            }
            return "it exited with code " + process.exitValue() + "; see " + log;
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        int exitCode() {
            return process.exitValue();
        }

        Path log() {
            return log;
        }

        @Override
        public void close() {
            if (process == null) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
