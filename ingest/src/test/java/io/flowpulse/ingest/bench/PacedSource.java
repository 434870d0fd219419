package io.flowpulse.ingest.bench;

import io.flowpulse.ingest.FlowSource;
import io.flowpulse.ingest.IngestPipeline;
import io.flowpulse.ingest.kafka.IngestDeadLetters;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A source held to a steady rate, as flows arrive from a relay, rather than as fast as a file can
 * be read: batches then close on {@code linger.ms} instead of filling up, which is what decides how
 * well they compress in a live cluster.
 *
 * <p>The capture path asks its stop condition once before each event it publishes; this source
 * hands it a condition that first waits for the event's turn. Nothing else of the path changes.
 */
final class PacedSource implements FlowSource {

    private final FlowSource delegate;
    private final double eventsPerSecond;

    PacedSource(FlowSource delegate, double eventsPerSecond) {
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("a rate must be positive, got " + eventsPerSecond);
        }
        this.delegate = delegate;
        this.eventsPerSecond = eventsPerSecond;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void run(IngestPipeline pipeline, IngestDeadLetters deadLetters, BooleanSupplier stop) throws Exception {
        long start = System.nanoTime();
        long nanosPerEvent = Math.round(1e9 / eventsPerSecond);
        long[] asked = {0};
        delegate.run(pipeline, deadLetters, () -> {
            long due = start + asked[0]++ * nanosPerEvent;
            for (long wait = due - System.nanoTime(); wait > 0 && !stop.getAsBoolean(); wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            return stop.getAsBoolean();
        });
    }

    @Override
    public void close() {
        delegate.close();
    }
}
