package io.flowpulse.simulator;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.gen.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs a simulation on its own thread and hands its events, in batches, to sinks (the flow store
 * behind the gRPC server, a capture file). With {@link Pacing#REALTIME} an event is released when
 * the wall clock reaches its timestamp (relative to the simulation's start), optionally with the
 * simulated clock running {@code speed} times faster than the wall clock (demos show many
 * one-minute windows in a short run).
 */
public final class LiveFeed implements AutoCloseable {

    private static final int BATCH = 512;
    private static final long MAX_SLEEP_NANOS = 50_000_000L;

    private final Simulation simulation;
    private final Pacing pacing;
    private final double speed;
    private final List<Consumer<List<GetFlowsResponse>>> sinks;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Throwable failure;
    private volatile long emitted;

    public LiveFeed(Simulation simulation, Pacing pacing, List<Consumer<List<GetFlowsResponse>>> sinks) {
        this(simulation, pacing, 1.0, sinks);
    }

    /** @param speed simulated seconds per wall-clock second with {@link Pacing#REALTIME} */
    public LiveFeed(Simulation simulation, Pacing pacing, double speed, List<Consumer<List<GetFlowsResponse>>> sinks) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, not " + speed);
        }
        this.simulation = simulation;
        this.pacing = pacing;
        this.speed = speed;
        this.sinks = List.copyOf(sinks);
        this.thread = new Thread(this::run, "flowpulse-simulator-feed");
        this.thread.setDaemon(true);
    }

    public LiveFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        long simStart = simulation.options().start().getEpochSecond() * 1_000_000_000L + simulation.options().start().getNano();
        long wallStart = System.nanoTime();
        List<GetFlowsResponse> batch = new ArrayList<>(BATCH);
        try {
            while (!closed) {
                long t = simulation.peekTimeNanos();
                if (t == Long.MAX_VALUE) {
                    break;
                }
                if (pacing == Pacing.REALTIME) {
                    long wait = wallStart + (long) ((t - simStart) / speed) - System.nanoTime();
                    if (wait > 0) {
                        flush(batch);
                        LockSupport.parkNanos(Math.min(wait, MAX_SLEEP_NANOS));
                        continue;
                    }
                }
                batch.add(simulation.next());
                if (batch.size() >= BATCH) {
                    flush(batch);
                }
            }
            flush(batch);
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            finished.countDown();
        }
    }

    private void flush(List<GetFlowsResponse> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<GetFlowsResponse> events = List.copyOf(batch);
        batch.clear();
        for (Consumer<List<GetFlowsResponse>> sink : sinks) {
            sink.accept(events);
        }
        emitted += events.size();
    }

    /** Events handed to the sinks so far. */
    public long emitted() {
        return emitted;
    }

    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    /** Waits for the simulation to reach its end; true when it did within the timeout. */
    public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** What stopped the feed, if it failed. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        closed = true;
        try {
            finished.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
