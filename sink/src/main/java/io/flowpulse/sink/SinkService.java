package io.flowpulse.sink;

import io.flowpulse.runtime.service.ServiceThread;
import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.service.Service;
import io.flowpulse.runtime.service.ServiceUnavailableException;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.sink.clickhouse.ClickHouseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The sink as a {@link Service}: {@link #start()} runs the {@link ClickHouseSink} on a thread
 * of its own, which first waits up to the startup timeout for ClickHouse and migrates the
 * tables, then consumes until {@link #stop()}. A ClickHouse still down after that surfaces
 * from {@link #await()} as a {@link ServiceUnavailableException}.
 *
 * <pre>{@code
 * SinkService sink = new SinkService(settings, SinkClients.create(settings), Metrics.newRegistry("sink"));
 * }</pre>
 */
public final class SinkService implements Service {

    /** How long {@link #start()} waits for ClickHouse unless told otherwise. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final SinkSettings settings;
    private final PrometheusMeterRegistry registry;
    private final ClickHouseSink sink;
    private final Duration startupTimeout;
    private final ServiceThread thread = new ServiceThread("sink");
    private volatile boolean stopping;

    /** The sink on {@code clients}, meters in {@code registry}, no HTTP endpoint; waits for ClickHouse up to 60 s. */
    public SinkService(SinkSettings settings, SinkClients clients, PrometheusMeterRegistry registry) {
        this(settings, clients, registry, DEFAULT_STARTUP_TIMEOUT);
    }

    /** As above, waiting for ClickHouse at start up to {@code startupTimeout}. */
    public SinkService(SinkSettings settings, SinkClients clients, PrometheusMeterRegistry registry, Duration startupTimeout) {
        this.settings = settings;
        this.registry = registry;
        this.startupTimeout = startupTimeout;
        this.sink = new ClickHouseSink(settings, clients, new SinkMetrics(registry));
    }

    /** Values of every Flowpulse topic, read into the generated Avro classes by their writer schema. */
    public static Deserializer<Object> avroValues(String registryUrl) {
        return AvroSerde.<Object>builder().registryUrl(registryUrl).buildDeserializer();
    }

    /** As {@link #avroValues(String)} through a configured registry client (credentials, trust store). */
    public static Deserializer<Object> avroValues(SchemaRegistryClient registry) {
        return AvroSerde.<Object>builder().registry(registry).buildDeserializer();
    }

    @Override
    public String name() {
        return "sink";
    }

    @Override
    public void start() {
        thread.start(this::work);
    }

    private void work() throws ServiceUnavailableException {
        try {
            sink.prepare(startupTimeout);
        } catch (ClickHouseException e) {
            if (!stopping) {
                throw new ServiceUnavailableException("ClickHouse unavailable at " + settings.clickHouseUrl()
                        + ": " + e.getMessage(), e);
            }
            return;
        }
        sink.run();
    }

    @Override
    public void stop() {
        stopping = true;
        sink.stop();
    }

    @Override
    public void await() throws Exception {
        thread.await();
    }

    @Override
    public Map<String, HealthCheck> healthChecks() {
        return Map.of("clickhouse", sink.health());
    }

    @Override
    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    public ClickHouseSink sink() {
        return sink;
    }

    public SinkSettings settings() {
        return settings;
    }


    /** Stops the work, waits for it to end (committing what ClickHouse confirmed), closes the clients. */
    @Override
    public void close() {
        stop();
        // long enough for the last round and its quick retries
        thread.awaitEnd(settings.clickHouseTimeout().multipliedBy(4).plusSeconds(10));
        sink.close();
        registry.close();
    }
}
