package io.flowpulse.ingest;

import io.flowpulse.ingest.kafka.FlowPublisher;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.service.Service;
import io.flowpulse.runtime.service.ServiceThread;
import io.flowpulse.runtime.service.StartupRetry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * Ingest as a {@link Service}: creates the missing topics, publishes the node inventory, then reads
 * its {@link FlowSource} (a relay until stopped, capture files to their end) on a thread of its own
 * through the {@link IngestPipeline} into Kafka. Closing it flushes and closes the clients.
 *
 * <pre>{@code
 * IngestService ingest = new IngestService(IngestClients.create(settings), RelaySource.of(relay), NodeSource.NONE);
 * }</pre>
 */
public final class IngestService implements Service {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final IngestClients clients;
    private final FlowSource source;
    private final NodeSource nodes;
    private final PrometheusMeterRegistry registry;
    private final IngestPipeline pipeline;
    private volatile boolean stopping;
    private final ServiceThread thread;

    /** Reads {@code source} through {@code clients} (which it closes), after publishing what {@code nodes} has. */
    public IngestService(IngestClients clients, FlowSource source, NodeSource nodes) {
        this.clients = clients;
        this.source = source;
        this.thread = new ServiceThread("ingest-" + source.name());
        this.nodes = nodes;
        this.registry = Metrics.newRegistry("ingest");
        this.pipeline = new IngestPipeline(clients.publisher(), clients.deadLetters(),
                new IngestCounters(registry, source.name()), clients.flowSchemaId(), () -> stopping,
                clients.settings().inputLimits().eventTime());
        FlowPublisher publisher = clients.publisher();
        FunctionCounter.builder("flowpulse_ingest_records_acked", publisher, FlowPublisher::acked)
                .description("Records Kafka acknowledged").register(registry);
        FunctionCounter.builder("flowpulse_ingest_kafka_blocked", publisher, FlowPublisher::blockedRetries)
                .description("Times the source was held because Kafka did not accept records").register(registry);
        FunctionCounter.builder("flowpulse_ingest_dead_lettered", publisher, FlowPublisher::deadLettered)
                .description("Records sent to the dead-letter topic by the producer").register(registry);
        source.bindTo(registry);
    }

    /** {@code source} with clients made from {@code settings}. */
    public static IngestService create(IngestSettings settings, FlowSource source, NodeSource nodes) {
        return new IngestService(IngestClients.create(settings), source, nodes);
    }

    @Override
    public String name() {
        return "ingest";
    }

    /**
     * Topics, then where an earlier run got to, then the node inventory, then the source on its thread. The
     * first three wait for Kafka and the registry while they are down ({@link StartupRetry}).
     */
    @Override
    public synchronized void start() throws Exception {
        if (thread.started()) {
            throw new IllegalStateException("ingest was started already");
        }
        StartupRetry retry = StartupRetry.of("ingest", IngestClients::isUnavailable, () -> stopping);
        retry.run("creating the topics", clients::ensureTopics);
        retry.run("reading where earlier runs got to", () -> source.resumeAfterEarlierRuns(clients));
        if (nodes != NodeSource.NONE) {
            retry.run("publishing the node inventory", () -> nodes.start(clients.nodeInventory(), () -> stopping));
        }
        thread.start(() -> {
            source.run(pipeline, clients.deadLetters(), () -> stopping);
            clients.publisher().flush();
        });
    }

    /** Asks the source to stop; it finishes the record in hand. */
    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public void await() throws Exception {
        thread.await();
    }

    @Override
    public Map<String, HealthCheck> healthChecks() {
        return source.healthChecks();
    }

    @Override
    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    /** The pipeline the source feeds, with its counters. */
    public IngestPipeline pipeline() {
        return pipeline;
    }

    public FlowPublisher publisher() {
        return clients.publisher();
    }

    public IngestClients clients() {
        return clients;
    }

    /** Stops the source, lets it finish (bounded), then flushes and closes the clients. */
    @Override
    public void close() {
        stop();
        thread.awaitEnd(CLOSE_WAIT);
        try {
            source.close();
        } finally {
            clients.close();
        }
    }
}
