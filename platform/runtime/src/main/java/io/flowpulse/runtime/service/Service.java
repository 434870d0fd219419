package io.flowpulse.runtime.service;

import io.flowpulse.runtime.HealthCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/**
 * One long-lived stage of Flowpulse (ingest, streams, sink, simulator, console): the contract that
 * {@link ServiceRunner} drives. A service is built by its composition root with every client it uses
 * passed in; it owns no shutdown hook, no HTTP endpoint and no exit code: the runner does.
 *
 * <p>Life: {@code start()} once, then {@code await()} returns when the work ends on its own (a
 * capture read to the end) or after {@code stop()}; {@code close()} releases what it holds.
 */
public interface Service extends AutoCloseable {

    /** Short lower-case name: the metrics' {@code service} tag, thread and log names ("sink"). */
    String name();

    /**
     * Starts the work in the background and returns once it runs. Throws when it cannot start, e.g.
     * {@link ServiceUnavailableException} when a service it needs is down after its retries.
     */
    void start() throws Exception;

    /** Asks the work to finish. Idempotent, returns at once, safe from any thread (a shutdown hook's). */
    void stop();

    /** Blocks until the work has ended; rethrows what made it fail. */
    void await() throws Exception;

    /**
     * Readiness checks by name, served on {@code /health/ready}; asked again on every request, so a
     * check may appear once the work has begun. None by default.
     */
    default Map<String, HealthCheck> healthChecks() {
        return Map.of();
    }

    /** The registry served on {@code /metrics}. */
    PrometheusMeterRegistry metrics();

    /** Releases clients and threads; called after {@link #await()}, also when {@link #start()} failed. */
    @Override
    void close();
}
