package io.flowpulse.cli.service;

import io.flowpulse.runtime.service.ServiceThread;
import io.flowpulse.runtime.service.Service;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small service of a command's own (a progress line, the demo's view): {@link #work()} on a thread
 * of its own until it returns or {@link #stop()} is asked for, which {@link #pause} notices at once.
 * It has no meters of its own, so a runner does not serve it.
 */
public abstract class BackgroundService implements Service {

    private final String name;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ServiceThread thread;

    protected BackgroundService(String name) {
        this.name = name;
        this.thread = new ServiceThread(name, true);
    }

    /** The work; returns when it is done, or soon after a stop was asked for. */
    protected abstract void work() throws Exception;

    /** Waits {@code time}; false, at once, when a stop was asked for. */
    protected final boolean pause(Duration time) throws InterruptedException {
        return !stopRequested.await(Math.max(1, time.toMillis()), TimeUnit.MILLISECONDS);
    }

    protected final boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        thread.start(this::work);
    }

    @Override
    public void stop() {
        stopRequested.countDown();
    }

    @Override
    public void await() throws Exception {
        thread.await();
    }

    @Override
    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    @Override
    public void close() {
        stop();
    }
}
