package io.flowpulse.ingest;

import io.flowpulse.ingest.kafka.IngestDeadLetters;
import io.flowpulse.ingest.kafka.FlowPublisher;
import io.flowpulse.ingest.kafka.FlowSchemaId;
import io.flowpulse.ingest.kafka.FlowValueSerializer;
import io.flowpulse.ingest.kafka.ProducerSettings;
import io.flowpulse.ingest.nodes.NodeInventoryPublisher;
import io.flowpulse.ingest.relay.RelayClient;
import io.flowpulse.ingest.relay.RelaySettings;
import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.ServiceEndpoint;
import io.flowpulse.schemas.TopicProvisioner;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Wires one ingest run: topics, producer with the Avro serde, dead letters, metrics and
 * health endpoint, and the pipeline the sources feed. Close it to flush and stop.
 */
public final class IngestService implements AutoCloseable {

    private final IngestSettings settings;
    private final PrometheusMeterRegistry registry;
    private final ServiceEndpoint endpoint;
    private final Producer<String, Object> producer;
    private final Producer<byte[], byte[]> dlqProducer;
    private final FlowPublisher publisher;
    private final IngestDeadLetters deadLetters;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final SchemaRegistryClient registryClient;
    private final FlowSchemaId flowSchemaId;
    private Producer<String, Object> nodeProducer;

    public IngestService(IngestSettings settings, boolean serveHttp) {
        this.settings = settings;
        new TopicProvisioner(settings.bootstrapServers(), new Properties()).ensure(
                List.of(settings.flowsTopic(), settings.nodesTopic(), settings.dlqTopic()), settings.nodesTopic(),
                settings.partitions(), settings.replication(), settings.retentionMs());
        this.registry = Metrics.newRegistry("ingest");
        this.registryClient = SchemaRegistryClient.builder(settings.registryUrl()).build();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serializer<Object> values = (Serializer) FlowEventSerde.create(registryClient).serializer();
        this.producer = new KafkaProducer<>(ProducerSettings.flows(settings.bootstrapServers(),
                settings.producerOverrides()), new StringSerializer(), new FlowValueSerializer(values));
        this.flowSchemaId = new FlowSchemaId(registryClient, settings.flowsTopic());
        Properties dlqProps = ProducerSettings.flows(settings.bootstrapServers(), settings.producerOverrides());
        dlqProps.put("client.id", "flowpulse-ingest-dlq");
        this.dlqProducer = new KafkaProducer<>(dlqProps, new ByteArraySerializer(), new ByteArraySerializer());
        this.deadLetters = new IngestDeadLetters(dlqProducer, settings.dlqTopic());
        this.publisher = new FlowPublisher(producer, settings.flowsTopic(), deadLetters);
        FunctionCounter.builder("flowpulse_ingest_records_acked", publisher, FlowPublisher::acked)
                .description("Records Kafka acknowledged").register(registry);
        FunctionCounter.builder("flowpulse_ingest_kafka_blocked", publisher, FlowPublisher::blockedRetries)
                .description("Times the source was held because Kafka did not accept records").register(registry);
        FunctionCounter.builder("flowpulse_ingest_dead_lettered", publisher, FlowPublisher::deadLettered)
                .description("Records sent to the dead-letter topic by the producer").register(registry);
        this.endpoint = serveHttp ? ServiceEndpoint.start(settings.httpHost(), settings.httpPort(), registry) : null;
    }

    /** A pipeline for one source; {@code source} tags its metrics (relay, file, simulator). */
    public IngestPipeline pipeline(String source) {
        return new IngestPipeline(publisher, deadLetters, new IngestCounters(registry, source), flowSchemaId,
                stopping::get);
    }

    /** Follows a relay until stopped; reconnects are counted on /metrics. */
    public void followRelay(RelaySettings relay, IngestPipeline pipeline) throws InterruptedException {
        try (RelayClient client = new RelayClient(relay)) {
            FunctionCounter.builder("flowpulse_ingest_reconnects", client, RelayClient::reconnects)
                    .description("Reconnects to Hubble").register(registry);
            FunctionCounter.builder("flowpulse_ingest_duplicates_skipped", client, RelayClient::duplicatesSkipped)
                    .description("Events repeated by the server after a resume and skipped").register(registry);
            if (endpoint != null) {
                endpoint.addCheck("hubble", () -> client.connected()
                        ? HealthCheck.Status.up("streaming from " + relay.target())
                        : HealthCheck.Status.down("not connected to " + relay.target() + ": " + client.lastError()));
            }
            client.follow(pipeline, stopping::get);
        }
    }

    /**
     * A publisher of the node inventory to the compacted nodes topic. Its producer is closed
     * with this service.
     */
    public NodeInventoryPublisher nodeInventory() {
        synchronized (this) {
            if (nodeProducer == null) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Serializer<Object> nodes = (Serializer) AvroSerde.specific(Node.class, registryClient).serializer();
                Properties props = ProducerSettings.flows(settings.bootstrapServers(), settings.producerOverrides());
                props.put("client.id", "flowpulse-ingest-nodes");
                props.put("linger.ms", "0");
                nodeProducer = new KafkaProducer<>(props, new StringSerializer(), nodes);
            }
            return new NodeInventoryPublisher(nodeProducer, settings.nodesTopic());
        }
    }

    public IngestDeadLetters deadLetters() {
        return deadLetters;
    }

    public FlowPublisher publisher() {
        return publisher;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    public IngestSettings settings() {
        return settings;
    }

    /** Asks sources to stop; they finish the record in hand. */
    public void stop() {
        stopping.set(true);
    }

    public boolean stopping() {
        return stopping.get();
    }

    /** Flushes everything handed to Kafka, then closes. */
    @Override
    public void close() {
        try {
            publisher.flush();
            dlqProducer.flush();
        } finally {
            publisher.close();
            dlqProducer.close();
            synchronized (this) {
                if (nodeProducer != null) {
                    nodeProducer.close();
                }
            }
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }

}
