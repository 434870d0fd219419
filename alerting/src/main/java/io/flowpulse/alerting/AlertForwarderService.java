package io.flowpulse.alerting;

import io.flowpulse.runtime.service.ServiceThread;
import java.time.Duration;
import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.runtime.service.Service;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;

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

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final AlertForwarderSettings settings;
    private final AlertForwarderClients clients;
    private final PrometheusMeterRegistry registry;
    private final ForwarderMetrics metrics;
    private final ForwarderHealth health = new ForwarderHealth();
    private final AlertDeliveryLoop loop;
    private final ServiceThread thread = new ServiceThread("alert-forwarder");

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
    public void start() {
        thread.start(loop::run);
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public void await() throws Exception {
        thread.await();
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
        thread.awaitEnd(CLOSE_WAIT);
        clients.close();
        registry.close();
    }
}
