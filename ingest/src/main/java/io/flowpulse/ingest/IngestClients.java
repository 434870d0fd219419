package io.flowpulse.ingest;

import io.flowpulse.ingest.kafka.FlowPublisher;
import io.flowpulse.ingest.kafka.FlowSchemaId;
import io.flowpulse.ingest.kafka.FlowValueSerializer;
import io.flowpulse.ingest.kafka.IngestDeadLetters;
import io.flowpulse.ingest.kafka.ProducerSettings;
import io.flowpulse.ingest.kafka.PublishedTail;
import io.flowpulse.ingest.nodes.NodeInventoryPublisher;
import io.flowpulse.ingest.nodes.NodeTopicKeys;
import io.flowpulse.ingest.relay.ResumePoint;
import io.flowpulse.runtime.service.ServiceUnavailableException;
import io.flowpulse.schemas.TopicProvisioner;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.registry.SchemaNotFoundException;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.registry.SchemaRegistryException;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.schemas.serde.FlowEventSerde;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The clients one ingest run works with, made in one place: the schema registry, the flows producer
 * (Avro values), the dead-letter producer and, on first use, the node inventory's producer. The
 * {@link IngestService} they are given to closes them, flushing first.
 */
public final class IngestClients implements AutoCloseable {

    private final IngestSettings settings;
    private final SchemaRegistryClient registry;
    private final Producer<byte[], byte[]> dlqProducer;
    private final IngestDeadLetters deadLetters;
    private final FlowPublisher publisher;
    private final FlowSchemaId flowSchemaId;
    private Producer<String, Object> nodeProducer;

    /** @param flows the producer of the flows topic, its values serialized by a {@link FlowValueSerializer} */
    public IngestClients(IngestSettings settings, SchemaRegistryClient registry, Producer<String, Object> flows,
                         Producer<byte[], byte[]> dlqProducer) {
        this.settings = settings;
        this.registry = registry;
        this.dlqProducer = dlqProducer;
        this.deadLetters = new IngestDeadLetters(dlqProducer, settings.dlqTopic());
        this.publisher = new FlowPublisher(flows, settings.flowsTopic(), deadLetters);
        this.flowSchemaId = new FlowSchemaId(registry, settings.flowsTopic());
    }

    /** The real clients for {@code settings}; nothing connects before the first use. */
    public static IngestClients create(IngestSettings settings) {
        SchemaRegistryClient registry = settings.registryClient();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serializer<Object> values = (Serializer) FlowEventSerde.create(registry).serializer();
        Producer<String, Object> flows = new KafkaProducer<>(ProducerSettings.flows(settings.bootstrapServers(),
                settings.producerOverrides()), new StringSerializer(), new FlowValueSerializer(values));
        Properties dlqProps = ProducerSettings.flows(settings.bootstrapServers(), settings.producerOverrides());
        dlqProps.put("client.id", "flowpulse-ingest-dlq");
        Producer<byte[], byte[]> dlq = new KafkaProducer<>(dlqProps, new ByteArraySerializer(), new ByteArraySerializer());
        return new IngestClients(settings, registry, flows, dlq);
    }

    /** Creates the flows, nodes and dead-letter topics that are missing. */
    public void ensureTopics() throws ServiceUnavailableException {
        try {
            new TopicProvisioner(settings.bootstrapServers(), settings.producerOverrides()).ensure(
                    List.of(settings.flowsTopic(), settings.nodesTopic(), settings.dlqTopic()), settings.nodesTopic(),
                    settings.partitions(), settings.replication(), settings.retentionMs());
        } catch (IllegalStateException e) {
            throw new ServiceUnavailableException("Kafka unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Where an earlier run got to on the flows topic, read from its end (see {@link ResumePoint}); empty
     * when the topic holds no event.
     */
    public Optional<ResumePoint> resumePoint() throws ServiceUnavailableException {
        Properties props = settings.kafkaClients().consumer().build();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "flowpulse-ingest-resume");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return new PublishedTail(consumer, settings.flowsTopic(), AvroSerde.generic(registry).deserializer())
                    .resumePoint();
        } catch (KafkaException | IllegalStateException e) {
            throw new ServiceUnavailableException("cannot read where the flows topic " + settings.flowsTopic()
                    + " ends: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a start-up step failed because Kafka or the registry is down (worth waiting for), rather than
     * because of a setting, refused credentials or a schema the registry does not have.
     */
    static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return false;
            }
        }
        if (error instanceof ServiceUnavailableException) {
            return true;
        }
        return error instanceof SchemaRegistryException registry && !(registry instanceof SchemaNotFoundException)
                && (registry.httpStatus() == -1 || registry.httpStatus() >= 500);
    }

    public IngestSettings settings() {
        return settings;
    }

    public FlowPublisher publisher() {
        return publisher;
    }

    public IngestDeadLetters deadLetters() {
        return deadLetters;
    }

    public FlowSchemaId flowSchemaId() {
        return flowSchemaId;
    }

    /** A publisher of the node inventory to the compacted nodes topic; its producer is closed with the clients. */
    public synchronized NodeInventoryPublisher nodeInventory() {
        if (nodeProducer == null) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Serializer<Object> nodes = (Serializer) AvroSerde.specific(Node.class, registry).serializer();
            Properties props = ProducerSettings.flows(settings.bootstrapServers(), settings.producerOverrides());
            props.put("client.id", "flowpulse-ingest-nodes");
            props.put("linger.ms", "0");
            nodeProducer = new KafkaProducer<>(props, new StringSerializer(), nodes);
        }
        return new NodeInventoryPublisher(nodeProducer, settings.nodesTopic(),
                NodeTopicKeys.reader(settings.kafkaClients(), settings.nodesTopic()));
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
        }
    }
}
