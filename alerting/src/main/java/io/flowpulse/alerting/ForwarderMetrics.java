package io.flowpulse.alerting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The forwarder's meters. In Prometheus: {@code flowpulse_alerts_forward_delivered_total{target}},
 * {@code flowpulse_alerts_forward_failures_total{target}} (attempts that failed and are retried),
 * {@code flowpulse_alerts_forward_rejected_total{target}} (given up: the target refused the alert),
 * {@code flowpulse_alerts_forward_records_total} (records done and committed),
 * {@code flowpulse_alerts_forward_undecodable_total} (records that are no Alert, skipped),
 * {@code flowpulse_alerts_forward_refreshes_total{target}} and {@code flowpulse_alerts_forward_firing}
 * (alerts known to fire).
 */
public final class ForwarderMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> delivered = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> refreshes = new ConcurrentHashMap<>();
    private final Counter records;
    private final Counter undecodable;
    private final AtomicLong firing = new AtomicLong();

    public ForwarderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.records = Counter.builder("flowpulse.alerts.forward.records")
                .description("Alert records delivered to every target (or given up) and committed").register(registry);
        this.undecodable = Counter.builder("flowpulse.alerts.forward.undecodable")
                .description("Records of the alerts topic that are not an Alert, skipped").register(registry);
        Gauge.builder("flowpulse.alerts.forward.firing", firing, AtomicLong::get)
                .description("Alerts seen firing and not yet resolved").register(registry);
    }

    public static ForwarderMetrics noop() {
        return new ForwarderMetrics(new SimpleMeterRegistry());
    }

    void delivered(String target) {
        counter(delivered, "flowpulse.alerts.forward.delivered", "State changes a target took", target).increment();
    }

    void failed(String target) {
        counter(failures, "flowpulse.alerts.forward.failures", "Attempts that failed and will be retried", target).increment();
    }

    void rejected(String target) {
        counter(rejected, "flowpulse.alerts.forward.rejected", "State changes a target refused for good", target).increment();
    }

    void refreshed(String target) {
        counter(refreshes, "flowpulse.alerts.forward.refreshes", "Reposts of the firing alerts", target).increment();
    }

    void recordDone() {
        records.increment();
    }

    void undecodable() {
        undecodable.increment();
    }

    void firing(int count) {
        firing.set(count);
    }

    public double deliveredCount(String target) {
        Counter c = delivered.get(target);
        return c == null ? 0 : c.count();
    }

    public double failureCount(String target) {
        Counter c = failures.get(target);
        return c == null ? 0 : c.count();
    }

    public double rejectedCount(String target) {
        Counter c = rejected.get(target);
        return c == null ? 0 : c.count();
    }

    public double recordCount() {
        return records.count();
    }

    public double undecodableCount() {
        return undecodable.count();
    }

    private Counter counter(Map<String, Counter> counters, String name, String description, String target) {
        return counters.computeIfAbsent(target, t -> Counter.builder(name).description(description).tag("target", t)
                .register(registry));
    }
}
