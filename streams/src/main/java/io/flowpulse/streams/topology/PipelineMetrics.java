package io.flowpulse.streams.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The counters of the analytics topology (Prometheus names end in {@code _total}). */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    private final Counter lateRecords;
    private final Counter lateSamples;
    private final Counter latePartials;
    private final Counter inputRecords;
    private final Counter partialsEmitted;
    private final Counter watermarksSent;
    private final Counter watermarksReceived;
    private final Counter endMarkers;
    private final Counter deadLetters;
    private final Counter alertErrors;
    private final Map<String, Counter> overflowContributions = new ConcurrentHashMap<>();
    private final Map<String, Counter> windowOverflows = new ConcurrentHashMap<>();

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        lateRecords = Counter.builder("flowpulse.streams.late.records")
                .description("Input records not added because their window had closed (event time older than window end + grace)")
                .register(registry);
        lateSamples = Counter.builder("flowpulse.streams.late.samples")
                .description("Derived samples (e.g. a handshake completed after its SYN's window closed) not added")
                .register(registry);
        latePartials = Counter.builder("flowpulse.streams.late.partials")
                .description("Partial aggregates that reached stage 2 after their window was closed there (should stay 0)")
                .register(registry);
        inputRecords = Counter.builder("flowpulse.streams.input.records")
                .description("Flow and lost-events records read from the flows topic").register(registry);
        partialsEmitted = Counter.builder("flowpulse.streams.partials.emitted")
                .description("Partial aggregates sent from stage 1 to stage 2").register(registry);
        watermarksSent = Counter.builder("flowpulse.streams.watermarks.sent")
                .description("Watermark advances broadcast by stage 1").register(registry);
        watermarksReceived = Counter.builder("flowpulse.streams.watermarks.received")
                .description("Watermark records read by stage 2").register(registry);
        endMarkers = Counter.builder("flowpulse.streams.end.markers")
                .description("End-of-stream markers read from the flows topic").register(registry);
        deadLetters = Counter.builder("flowpulse.streams.dead.letters")
                .description("Records sent to the dead-letter topic").register(registry);
        alertErrors = Counter.builder("flowpulse.streams.alert.errors")
                .description("Closed windows whose alert evaluation failed (see the log)").register(registry);
    }

    /** Counters that go nowhere but can still be read, e.g. in tests. */
    public static PipelineMetrics standalone() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counter of final records of one type ("link", "dns", "latency") emitted by stage 2. */
    public Counter windowsClosed(String type) {
        return Counter.builder("flowpulse.streams.windows.closed").tag("type", type)
                .description("Final window records emitted").register(registry);
    }

    public Counter alerts(String state) {
        return Counter.builder("flowpulse.streams.alerts").tag("state", state)
                .description("Alert state changes emitted").register(registry);
    }

    /**
     * Counter of contributions of one type ("link", "dns", "latency", "lost-events") that stage 1 folded
     * into a window's overflow key, because their key was new to a window already holding the most keys.
     */
    public Counter overflowContributions(String type) {
        return overflowContributions.computeIfAbsent(type, t -> Counter.builder("flowpulse.streams.window.overflow.contributions")
                .tag("type", t)
                .description("Contributions folded into a window's overflow key: their key was new to a window that "
                        + "already held streams.window.max.keys distinct keys of the type in a flows partition")
                .register(registry));
    }

    /** Counter of (window, flows partition) pairs of one type that reached the key limit: one WARN line each. */
    public Counter windowOverflows(String type) {
        return windowOverflows.computeIfAbsent(type, t -> Counter.builder("flowpulse.streams.window.overflows")
                .tag("type", t)
                .description("Windows of a flows partition that reached streams.window.max.keys distinct keys of "
                        + "the type, so that further new keys went to the overflow key")
                .register(registry));
    }

    public Counter lateRecords() {
        return lateRecords;
    }

    public Counter lateSamples() {
        return lateSamples;
    }

    public Counter latePartials() {
        return latePartials;
    }

    public Counter inputRecords() {
        return inputRecords;
    }

    public Counter partialsEmitted() {
        return partialsEmitted;
    }

    public Counter watermarksSent() {
        return watermarksSent;
    }

    public Counter watermarksReceived() {
        return watermarksReceived;
    }

    public Counter endMarkers() {
        return endMarkers;
    }

    public Counter alertErrors() {
        return alertErrors;
    }

    public Counter deadLetters() {
        return deadLetters;
    }
}
