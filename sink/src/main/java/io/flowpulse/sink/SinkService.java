package io.flowpulse.sink;

import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.ServiceEndpoint;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.sink.clickhouse.ClickHouseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The sink as a service: Prometheus metrics and health on {@code http.host:http.port},
 * Avro values decoded through the schema registry, and the {@link ClickHouseSink} loop.
 */
public final class SinkService implements AutoCloseable {

    private final SinkSettings settings;
    private final PrometheusMeterRegistry registry;
    private final ServiceEndpoint endpoint;
    private final ClickHouseSink sink;

    public SinkService(SinkSettings settings) {
        this.settings = settings;
        this.registry = Metrics.newRegistry("sink");
        this.sink = new ClickHouseSink(settings, avroValues(settings.registryUrl()), new SinkMetrics(registry));
        this.endpoint = ServiceEndpoint.start(settings.httpHost(), settings.httpPort(), registry);
        endpoint.addCheck("clickhouse", sink.health());
    }

    /** Values of every Flowpulse topic, read into the generated Avro classes by their writer schema. */
    public static Deserializer<Object> avroValues(String registryUrl) {
        return AvroSerde.<Object>builder().registryUrl(registryUrl).buildDeserializer();
    }

    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    public ClickHouseSink sink() {
        return sink;
    }

    public SinkSettings settings() {
        return settings;
    }

    /** Migrates (waiting up to {@code startupTimeout} for ClickHouse), then consumes until {@link #stop()}. */
    public void run(Duration startupTimeout) throws ClickHouseException {
        sink.prepare(startupTimeout);
        sink.run();
    }

    public void stop() {
        sink.stop();
    }

    @Override
    public void close() {
        sink.close();
        endpoint.close();
        registry.close();
    }
}
