package io.flowpulse.alerting;

import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.runtime.service.Service;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The alert forwarder as a {@link Service}: {@link #start()} runs the {@link AlertDeliveryLoop} on
 * a thread of its own until {@link #stop()}.
 *
 * <pre>{@code
 * AlertForwarderService forwarder = new AlertForwarderService(settings, AlertForwarderClients.create(settings),
 *         Metrics.newRegistry("alert-forwarder"));
 * }</pre>
 */
public final class AlertForwarderService implements Service {

    private static final long CLOSE_WAIT_SECONDS = 30;

    private final AlertForwarderSettings settings;
    private final AlertForwarderClients clients;
    private final PrometheusMeterRegistry registry;
    private final ForwarderMetrics metrics;
    private final ForwarderHealth health = new ForwarderHealth();
    private final AlertDeliveryLoop loop;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Throwable failure;
    private Thread worker;

    public AlertForwarderService(AlertForwarderSettings settings, AlertForwarderClients clients,
                                 PrometheusMeterRegistry registry) {
        this.settings = settings;
        this.clients = clients;
        this.registry = registry;
        this.metrics = new ForwarderMetrics(registry);
        this.loop = new AlertDeliveryLoop(clients.consumer(), clients.values(), settings.alertsTopic(), clients.targets(),
                settings.retryInitialBackoff(), settings.retryMaxBackoff(), settings.refreshInterval(), metrics, health,
                Clock.systemUTC());
    }

    @Override
    public String name() {
        return "alert-forwarder";
    }

    @Override
    public synchronized void start() {
        if (worker != null) {
            throw new IllegalStateException("the alert forwarder was started already");
        }
        worker = new Thread(this::work, "alert-forwarder");
        worker.start();
    }

    private void work() {
        try {
            loop.run();
        } catch (Throwable t) {
            failure = t;
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public void await() throws Exception {
        synchronized (this) {
            if (worker == null) {
                throw new IllegalStateException("the alert forwarder was not started");
            }
        }
        ended.await();
        Throwable f = failure;
        if (f instanceof Exception e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    @Override
    public Map<String, HealthCheck> healthChecks() {
        return Map.of("targets", health);
    }

    @Override
    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    public ForwarderMetrics forwarderMetrics() {
        return metrics;
    }

    public AlertForwarderSettings settings() {
        return settings;
    }

    /** The alerts seen firing and not resolved since the start. */
    public Map<String, io.flowpulse.schemas.avro.Alert> firing() {
        return loop.firing();
    }

    /** Stops the loop, waits (bounded) for it to end, then closes the clients. */
    @Override
    public void close() {
        stop();
        Thread w;
        synchronized (this) {
            w = worker;
        }
        if (w != null) {
            try {
                ended.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        clients.close();
        registry.close();
    }
}
