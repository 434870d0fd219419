package io.flowpulse.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/** The console's meters ({@code flowpulse_console_*}). */
public final class ConsoleMetrics {

    private final MeterRegistry registry;
    private final Counter eventsSent;
    private final Counter snapshotsSent;
    private final Counter overflowSnapshots;
    private final Counter heartbeats;

    public ConsoleMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.eventsSent = Counter.builder("flowpulse.console.events.sent")
                .description("Events written to browsers' event streams (snapshots not included)").register(registry);
        this.snapshotsSent = Counter.builder("flowpulse.console.snapshots.sent")
                .description("Snapshots written to event streams (new clients, clients that could not resume, overflows)")
                .register(registry);
        this.overflowSnapshots = Counter.builder("flowpulse.console.overflow.snapshots")
                .description("Times a client fell a whole queue behind and was given a fresh snapshot instead")
                .register(registry);
        this.heartbeats = Counter.builder("flowpulse.console.heartbeats.sent")
                .description("Heartbeat comments written to idle event streams").register(registry);
    }

    public void gauges(Supplier<Number> clients, Supplier<Number> historySize, Supplier<Number> lag) {
        Gauge.builder("flowpulse.console.clients", () -> clients.get().doubleValue())
                .description("Connected event-stream clients").register(registry);
        Gauge.builder("flowpulse.console.history.events", () -> historySize.get().doubleValue())
                .description("Events in the in-memory history").register(registry);
        Gauge.builder("flowpulse.console.consumer.lag", () -> lag.get().doubleValue())
                .description("Records behind the end of the topics the console reads (-1 while not known)")
                .register(registry);
    }

    public void eventSent() {
        eventsSent.increment();
    }

    public void snapshotSent() {
        snapshotsSent.increment();
    }

    public void overflow() {
        overflowSnapshots.increment();
    }

    public void heartbeat() {
        heartbeats.increment();
    }

    public void recordRead(String topic) {
        registry.counter("flowpulse.console.records.read", "topic", topic).increment();
    }

    public void recordSkipped(String topic, String reason) {
        registry.counter("flowpulse.console.records.skipped", "topic", topic, "reason", reason).increment();
    }

    public void rejected(String reason) {
        registry.counter("flowpulse.console.requests.rejected", "reason", reason).increment();
    }

    public double overflowSnapshots() {
        return overflowSnapshots.count();
    }

    public double eventsSent() {
        return eventsSent.count();
    }

    public double snapshotsSent() {
        return snapshotsSent.count();
    }
}
