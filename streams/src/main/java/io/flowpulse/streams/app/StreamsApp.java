package io.flowpulse.streams.app;

import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.ServiceEndpoint;
import io.flowpulse.schemas.TopicProvisioner;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.streams.logic.naming.TopologyFile;
import io.flowpulse.streams.topology.DeadLetterHandlers;
import io.flowpulse.streams.topology.FlowpulseTopology;
import io.flowpulse.streams.topology.PipelineMetrics;
import io.flowpulse.streams.topology.RegistrySerdes;
import io.flowpulse.streams.topology.TopologySettings;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the analytics topology: creates missing topics, reads the partition count of the flows
 * topic (the number of watermarks stage 2 waits for), starts Kafka Streams with exactly-once v2,
 * dead-letter handlers and standby replicas, and serves /metrics and /health (ready = RUNNING).
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final StreamsSettings settings;
    private final PrometheusMeterRegistry registry;
    private final PipelineMetrics metrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private KafkaStreams streams;
    private ServiceEndpoint endpoint;
    private KafkaStreamsMetrics streamsMetrics;
    private volatile Throwable failure;

    public StreamsApp(StreamsSettings settings) {
        this.settings = settings;
        this.registry = Metrics.newRegistry("streams");
        this.metrics = new PipelineMetrics(registry);
    }

    /** Starts the service; returns once Kafka Streams is starting (see {@link #state()}). */
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException("already started");
        }
        ensureTopics();
        int flowsPartitions = partitionCount(settings.flowsTopic());
        TopologySettings topologySettings = topologySettings(flowsPartitions);
        SchemaRegistryClient registryClient = SchemaRegistryClient.builder(settings.registryUrl()).build();
        Topology topology = FlowpulseTopology.build(topologySettings, new RegistrySerdes(registryClient), metrics);
        LOG.info("topology with {} flows partition(s):\n{}", flowsPartitions, topology.describe());

        streams = new KafkaStreams(topology, streamsProperties());
        streams.setUncaughtExceptionHandler(exception -> {
            failure = exception;
            LOG.error("stream thread failed; shutting down", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        endpoint = ServiceEndpoint.start(settings.httpHost(), settings.httpPort(), registry);
        endpoint.addCheck("kafka-streams", () -> {
            KafkaStreams.State state = streams.state();
            return state == KafkaStreams.State.RUNNING
                    ? HealthCheck.Status.up("RUNNING")
                    : HealthCheck.Status.down(state.name());
        });
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    /** The error that stopped a stream thread, if any. */
    public Throwable failure() {
        return failure;
    }

    /** Blocks until Kafka Streams stops (error or close); true if it stopped within the timeout. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    TopologySettings topologySettings(int flowsPartitions) {
        List<Node> nodes = settings.topologyFile() == null ? List.of() : TopologyFile.read(settings.topologyFile());
        return TopologySettings.builder()
                .flowsTopic(settings.flowsTopic())
                .nodesTopic(settings.nodesTopic())
                .linksTopic(settings.linksTopic())
                .dnsTopic(settings.dnsTopic())
                .latencyTopic(settings.latencyTopic())
                .alertsTopic(settings.alertsTopic())
                .windowSize(settings.window())
                .grace(settings.grace())
                .flowsPartitions(flowsPartitions)
                .partialsPartitions(settings.partialsPartitions() > 0 ? settings.partialsPartitions() : flowsPartitions)
                .watermarkInterval(settings.watermarkInterval())
                .idleTimeout(settings.idleTimeout())
                .handshakeTimeout(settings.handshakeTimeout())
                .alertThresholds(settings.alertThresholds())
                .topologyNodes(nodes)
                .build();
    }

    Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.topicReplication());
        props.putAll(DeadLetterHandlers.streamsProperties(settings.dlqTopic(), metrics));
        props.putAll(settings.kafkaOverrides());
        return props;
    }

    private void ensureTopics() {
        List<String> created = new TopicProvisioner(settings.bootstrapServers(), settings.kafkaOverrides()).ensure(
                List.of(settings.flowsTopic(), settings.nodesTopic(), settings.linksTopic(), settings.dnsTopic(),
                        settings.latencyTopic(), settings.alertsTopic(), settings.dlqTopic()),
                settings.nodesTopic(), settings.topicPartitions(), settings.topicReplication(), settings.topicRetentionMs());
        if (!created.isEmpty()) {
            LOG.info("created topics {}", created);
        }
    }

    private int partitionCount(String topic) {
        Properties props = new Properties();
        props.putAll(settings.kafkaOverrides());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(60, TimeUnit.SECONDS).get(topic);
            return description.partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the partitions of topic " + topic + " on "
                    + settings.bootstrapServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the partitions of " + topic, e);
        }
    }

    @Override
    public synchronized void close() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
            if (streamsMetrics != null) {
                streamsMetrics.close();
            }
        }
        if (endpoint != null) {
            endpoint.close();
        }
        stopped.countDown();
    }
}
