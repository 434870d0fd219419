package io.flowpulse.runtime.service;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a start-up step that failed because a service it needs (Kafka, the registry) is down, with
 * backoff doubling up to a ceiling, each failure logged, until it works, the service is asked to stop, or
 * the patience runs out: then the step's error is raised as a {@link ServiceUnavailableException} (exit
 * code 3). A failure of another kind (a refused setting, a schema the registry does not have) is raised at
 * once. A service started while a dependency restarts then waits for it instead of exiting.
 */
public final class StartupRetry {

    /** A step of a service's start. */
    public interface Step {
        void run() throws Exception;
    }

    /** Waits between attempts; the default sleeps, tests may pass a clock of their own. */
    public interface Pause {
        void pause(Duration duration, BooleanSupplier stopping) throws InterruptedException;
    }

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(15);
    public static final Duration DEFAULT_PATIENCE = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(StartupRetry.class);

    private final String service;
    private final Predicate<Throwable> unavailable;
    private final BooleanSupplier stopping;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration patience;
    private final Pause pause;

    public StartupRetry(String service, Predicate<Throwable> unavailable, BooleanSupplier stopping,
                        Duration initialBackoff, Duration maxBackoff, Duration patience, Pause pause) {
        this.service = service;
        this.unavailable = unavailable;
        this.stopping = stopping;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.patience = patience;
        this.pause = pause;
    }

    /** With the default backoff (0.5 s doubling to 15 s) and patience (5 min). */
    public static StartupRetry of(String service, Predicate<Throwable> unavailable, BooleanSupplier stopping) {
        return new StartupRetry(service, unavailable, stopping, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
                DEFAULT_PATIENCE, StartupRetry::sleep);
    }

    /** Runs {@code step} ({@code what} names it in the log) until it works; see the class comment. */
    public void run(String what, Step step) throws Exception {
        Duration waited = Duration.ZERO;
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                if (attempt > 1) {
                    log.info("{}: {} worked at attempt {}, after {} s of waiting", service, what, attempt,
                            waited.toSeconds());
                }
                return;
            } catch (Exception e) {
                if (!unavailable.test(e) || stopping.getAsBoolean()) {
                    throw e;
                }
                if (waited.plus(backoff).compareTo(patience) > 0) {
                    throw new ServiceUnavailableException(service + ": " + what + " still failing after "
                            + attempt + " attempts over " + waited.toSeconds() + " s: " + e.getMessage(), e);
                }
                log.warn("{}: {} failed (attempt {}): {}; retrying in {} ms", service, what, attempt, e.getMessage(),
                        backoff.toMillis());
                pause.pause(backoff, stopping);
                waited = waited.plus(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration duration, BooleanSupplier stopping) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (!stopping.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
        }
    }
}
