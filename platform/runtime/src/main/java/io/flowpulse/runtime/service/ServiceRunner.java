package io.flowpulse.runtime.service;

import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.runtime.ServiceEndpoint;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the services of one command, one ({@code flowpulse sink}) or several ({@code flowpulse demo}):
 * <ol>
 * <li>starts them in the order they were added, each built just before its start when added with a
 *     factory (so it can use what the ones before it set up), and serves {@code /metrics},
 *     {@code /health/live} and {@code /health/ready} of those added with a host and port;</li>
 * <li>waits until one of them ends, by itself or failing, or a signal (SIGINT, SIGTERM) arrives;</li>
 * <li>stops them in reverse start order, giving each a bounded time to end, then closes them;</li>
 * <li>maps the outcome to the command's {@link ExitCodes exit code}.</li>
 * </ol>
 * The runner holds the process's one shutdown hook: on a signal it asks the services to stop and
 * waits (bounded) until they are closed. A service that fails to start stops the ones started before it.
 */
public final class ServiceRunner {

    /** How long each service gets to end once it was asked to stop. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    private final String command;
    private final PrintStream messages;
    private final ShutdownHooks hooks;
    private final Duration stopTimeout;
    private final List<Step> steps = new ArrayList<>();
    private IntConsumer whenDone = code -> { };

    private final CountDownLatch ending = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Running> starting = new AtomicReference<>();
    private final AtomicReference<Failure> firstFailure = new AtomicReference<>();
    private volatile boolean stopRequested;
    private volatile boolean stoppedBySignal;
    private volatile boolean stopping;
    private boolean ran;

    /** @param command prefixes the runner's messages on stderr, e.g. "flowpulse sink" */
    public ServiceRunner(String command) {
        this(command, System.err, ShutdownHooks.JVM, STOP_TIMEOUT);
    }

    ServiceRunner(String command, PrintStream messages, ShutdownHooks hooks, Duration stopTimeout) {
        this.command = command;
        this.messages = messages;
        this.hooks = hooks;
        this.stopTimeout = stopTimeout;
    }

    /** A service without an HTTP endpoint (the local stack, a terminal view). */
    public ServiceRunner add(Service service) {
        Objects.requireNonNull(service, "service");
        return addLater(() -> service);
    }

    /**
     * A service whose metrics and health are served on {@code host:port} (0 = any free port) from just
     * before its start until it is closed; {@code started} gets the endpoint's URL once it has started.
     */
    public ServiceRunner add(Service service, String host, int port, Consumer<String> started) {
        Objects.requireNonNull(service, "service");
        return addLater(() -> service, host, port, started);
    }

    /** A service built when its turn to start comes; a null from {@code build} means nothing to run. */
    public ServiceRunner addLater(Supplier<? extends Service> build) {
        steps.add(new Step(build, null, 0, url -> { }));
        return this;
    }

    /** As {@link #addLater(Supplier)}, served on {@code host:port} as {@link #add(Service, String, int, Consumer)}. */
    public ServiceRunner addLater(Supplier<? extends Service> build, String host, int port, Consumer<String> started) {
        steps.add(new Step(build, Objects.requireNonNull(host, "host"), port, started));
        return this;
    }

    /**
     * Called with the exit code once every service is closed, before a stop by signal lets the
     * process end: the place for the command's summary.
     */
    public ServiceRunner whenDone(IntConsumer summary) {
        this.whenDone = summary;
        return this;
    }

    /** Whether the run was stopped by a signal (Ctrl-C, SIGTERM) rather than by a service ending. */
    public boolean stoppedBySignal() {
        return stoppedBySignal;
    }

    /** Starts, waits, stops and closes the services; returns the exit code. A runner runs once. */
    public int run() {
        synchronized (this) {
            if (ran) {
                throw new IllegalStateException("a service runner runs once");
            }
            ran = true;
        }
        Thread hook = new Thread(this::stopOnSignal, "flowpulse-stop");
        hooks.add(hook);
        List<Running> running = new ArrayList<>();
        int code;
        try {
            startInOrder(running);
            awaitFirstEnd(running);
            stopInReverse(running);
        } finally {
            closeInReverse(running);
            code = exitCode();
            reportFailure();
            try {
                whenDone.accept(code);
            } catch (RuntimeException e) {
                log.warn("the summary of {} failed", command, e);
            }
            finished.countDown();
            try {
                hooks.remove(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: it is waiting for this run to finish
            }
        }
        return code;
    }

    private void startInOrder(List<Running> running) {
        for (Step step : steps) {
            if (stopRequested) {
                return;
            }
            Service service;
            try {
                service = step.build().get();
            } catch (RuntimeException e) {
                record("service " + (running.size() + 1), e);
                return;
            }
            if (service == null) {
                continue;
            }
            Running r = new Running(service);
            running.add(r);
            try {
                if (step.host() != null) {
                    r.serve(step.host(), step.port());
                }
                starting.set(r);
                if (stopRequested) {
                    return;
                }
                service.start();
                r.watch();
                step.started().accept(r.endpoint == null ? null : r.endpoint.url());
            } catch (Exception | Error e) {
                r.state = "failed to start";
                if (stopRequested) {
                    log.debug("{} did not start: a stop was asked for", service.name(), e);
                } else {
                    record(service.name(), e);
                }
                return;
            } finally {
                starting.set(null);
            }
        }
    }

    private void awaitFirstEnd(List<Running> running) {
        if (firstFailure.get() != null || stopRequested || running.stream().noneMatch(Running::watched)) {
            return;
        }
        try {
            ending.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stoppedBySignal = true;
            stopRequested = true;
        }
    }

    private void stopInReverse(List<Running> running) {
        stopping = true;
        boolean wait = !Thread.currentThread().isInterrupted();
        for (int i = running.size() - 1; i >= 0; i--) {
            Running r = running.get(i);
            if (!r.watched()) {
                continue;
            }
            if (r.ended.getCount() > 0) {
                r.state = "stopping";
            }
            r.askToStop();
            try {
                if (wait && !r.ended.await(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    messages.printf("%s: %s did not stop within %s s%n", command, r.service.name(),
                            BigDecimal.valueOf(stopTimeout.toMillis(), 3).stripTrailingZeros().toPlainString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                wait = false;
            }
        }
    }

    private void closeInReverse(List<Running> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            Running r = running.get(i);
            try {
                r.service.close();
            } catch (RuntimeException e) {
                messages.printf("%s: while closing %s: %s%n", command, r.service.name(), e);
            } finally {
                if (r.endpoint != null) {
                    r.endpoint.close();
                }
            }
        }
    }

    private void stopOnSignal() {
        stoppedBySignal = true;
        requestStop();
        try {
            finished.await(stopTimeout.multipliedBy(steps.size() + 1L).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the wait for the services; the one being started, if any, is asked to stop at once. */
    private void requestStop() {
        stopRequested = true;
        Running r = starting.get();
        if (r != null) {
            r.askToStop();
        }
        ending.countDown();
    }

    private void record(String service, Throwable error) {
        if (stopping && ExitCodes.of(error) == ExitCodes.INTERRUPTED) {
            return; // a service that was asked to stop says it stopped
        }
        firstFailure.compareAndSet(null, new Failure(service, error, stopping));
    }

    private int exitCode() {
        Failure failure = firstFailure.get();
        if (failure != null && !failure.whileStopping()) {
            return ExitCodes.of(failure.error());
        }
        if (stoppedBySignal) {
            return ExitCodes.INTERRUPTED;
        }
        return failure == null ? ExitCodes.OK : ExitCodes.of(failure.error());
    }

    private void reportFailure() {
        Failure failure = firstFailure.get();
        if (failure == null) {
            return;
        }
        Throwable error = failure.error();
        String who = steps.size() > 1 ? failure.service() + ": " : "";
        messages.println(command + ": " + who + (error.getMessage() != null ? error.getMessage() : error.toString()));
        boolean unexpected = error instanceof RuntimeException || error instanceof Error;
        if (unexpected && ExitCodes.of(error) == ExitCodes.FAILURE) {
            log.error("{} failed", failure.service(), error);
        } else {
            log.debug("{} failed", failure.service(), error);
        }
    }

    /** Where a runner registers its shutdown hook: the JVM's, or a test's that calls it directly. */
    interface ShutdownHooks {
        ShutdownHooks JVM = new ShutdownHooks() {
            @Override
            public void add(Thread hook) {
                Runtime.getRuntime().addShutdownHook(hook);
            }

            @Override
            public void remove(Thread hook) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        };

        void add(Thread hook);

        void remove(Thread hook);
    }

    private record Step(Supplier<? extends Service> build, String host, int port, Consumer<String> started) {
    }

    private record Failure(String service, Throwable error, boolean whileStopping) {
    }

    /** A service from the moment it was built: its endpoint, its state and the thread awaiting its end. */
    private final class Running {
        final Service service;
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicBoolean stopAsked = new AtomicBoolean();
        volatile String state = "starting";
        ServiceEndpoint endpoint;
        private Thread watcher;

        Running(Service service) {
            this.service = service;
        }

        void serve(String host, int port) {
            endpoint = ServiceEndpoint.serve(service, host, port).addCheck("service", () -> "running".equals(state)
                    ? HealthCheck.Status.up(state) : HealthCheck.Status.down(state));
        }

        void watch() {
            state = "running";
            watcher = new Thread(() -> {
                try {
                    service.await();
                } catch (Exception | Error e) {
                    record(service.name(), e);
                } finally {
                    state = "ended";
                    ended.countDown();
                    ending.countDown();
                }
            }, service.name() + "-await");
            watcher.setDaemon(true);
            watcher.start();
        }

        boolean watched() {
            return watcher != null;
        }

        /** Asks the service to stop, once: the signal may have asked it while it was starting. */
        void askToStop() {
            if (stopAsked.compareAndSet(false, true)) {
                try {
                    service.stop();
                } catch (RuntimeException e) {
                    log.warn("stopping {} failed", service.name(), e);
                }
            }
        }
    }
}
