package io.flowpulse.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kafka, the schema registry and ClickHouse as child processes on free 127.0.0.1 ports, each started
 * on first use. Closing the stack (or the JVM exiting, or dying) stops every process it started;
 * the data of the services is deleted on close, their logs stay in the work directory.
 */
public final class LocalStack implements AutoCloseable {

    /** System property naming the base directory of test stacks. */
    public static final String DIR_PROPERTY = "flowpulse.stack.dir";
    /** Environment variable naming the base directory of test stacks. */
    public static final String DIR_ENV = "FLOWPULSE_STACK_DIR";

    private static final AtomicInteger STACKS_IN_THIS_JVM = new AtomicInteger();
    private static LocalStack shared;

    private final Path workDir;
    private final KafkaBroker kafka;
    private final SchemaRegistry registry;
    private final ClickHouseServer clickHouse;
    private final Thread shutdownHook;
    private boolean closed;

    private LocalStack(Path workDir, boolean stopAtExit) {
        this.workDir = workDir.toAbsolutePath();
        this.kafka = new KafkaBroker(this.workDir, LaunchMode.ATTACHED, PortAllocator.anyFree());
        this.registry = new SchemaRegistry(this.workDir, LaunchMode.ATTACHED, PortAllocator.anyFree());
        this.clickHouse = new ClickHouseServer(this.workDir, LaunchMode.ATTACHED, PortAllocator.anyFree());
        if (stopAtExit) {
            this.shutdownHook = new Thread(this::stopAll, "flowpulse-local-stack-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    /** A stack whose services keep their files (configuration, logs, data while running) in {@code workDir}. */
    public static LocalStack create(Path workDir) {
        return new LocalStack(workDir, true);
    }

    /**
     * As {@link #create(Path)}, for an owner that stops it in its own order (the service runner, which
     * holds the process's shutdown hook): no shutdown hook of its own. Should the JVM end without
     * closing it, the services still end with it, as every attached child process does.
     */
    public static LocalStack createOwned(Path workDir) {
        return new LocalStack(workDir, false);
    }

    /** A stack in a fresh directory under {@link #defaultBaseDir()}. */
    public static LocalStack create() {
        Path base = defaultBaseDir();
        String run = "run-" + ProcessHandle.current().pid() + "-" + STACKS_IN_THIS_JVM.incrementAndGet();
        return new LocalStack(base.resolve(run), true);
    }

    /** The one stack of this JVM, shared by all tests; stopped at JVM exit if nobody closes it earlier. */
    public static synchronized LocalStack shared() {
        if (shared == null || shared.isClosed()) {
            shared = create();
        }
        return shared;
    }

    /**
     * Where test stacks live: -Dflowpulse.stack.dir, else $FLOWPULSE_STACK_DIR, else target/local-stack when
     * the current directory is a Maven module (as it is for surefire and failsafe), else a temporary directory.
     */
    public static Path defaultBaseDir() {
        String configured = System.getProperty(DIR_PROPERTY, System.getenv(DIR_ENV));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            return target.resolve("local-stack");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "flowpulse-stack");
    }

    public Path workDir() {
        return workDir;
    }

    /** The Kafka broker, started if it was not. */
    public KafkaBroker kafka() {
        return started(kafka);
    }

    /** The schema registry, started if it was not. */
    public SchemaRegistry registry() {
        return started(registry);
    }

    /** The ClickHouse server, started if it was not; fails with an install hint when ClickHouse is missing. */
    public ClickHouseServer clickHouse() {
        return started(clickHouse);
    }

    /**
     * Starts all three services at once (they start faster side by side than one after the other) and
     * waits for them; fails with the first start-up failure after every service had its try (the
     * others keep running, as they would when started one by one).
     */
    public LocalStack startAll() {
        return startTogether(services());
    }

    /** Starts Kafka and the registry side by side (the registry does not need Kafka), for work without ClickHouse. */
    public LocalStack startKafkaAndRegistry() {
        return startTogether(List.of(kafka, registry));
    }

    private LocalStack startTogether(List<LocalService> toStart) {
        List<Thread> starters = new ArrayList<>();
        List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (LocalService service : toStart) {
            Thread starter = new Thread(() -> {
                try {
                    started(service);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "start-" + service.name());
            starter.start();
            starters.add(starter);
        }
        for (Thread starter : starters) {
            try {
                starter.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceStartException("interrupted while starting the local stack", e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        return this;
    }

    /** Every service of the stack, running or not. */
    public List<LocalService> services() {
        return List.of(kafka, registry, clickHouse);
    }

    private <S extends LocalService> S started(S service) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the local stack in " + workDir + " is closed");
            }
        }
        service.start();
        return service;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Stops every service (in parallel) and deletes their data; logs stay. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException jvmAlreadyShuttingDown) {
                // the hook runs anyway
            }
        }
        stopAll();
        List<IOException> failures = new ArrayList<>();
        for (Path data : List.of(kafka.dataDir(), registry.dataDir(), clickHouse.dataDir())) {
            try {
                ProcessService.deleteRecursively(data);
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("cannot delete the stack's data: " + failures);
        }
    }

    private void stopAll() {
        stopTogether(services());
    }

    /**
     * Stops the services side by side and waits for all of them.
     *
     * @return false when interrupted while waiting (the interrupt flag is set again)
     */
    static boolean stopTogether(List<? extends LocalService> services) {
        List<Thread> stoppers = new ArrayList<>();
        for (LocalService service : services) {
            Thread stopper = new Thread(service::stop, "stop-" + service.name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
