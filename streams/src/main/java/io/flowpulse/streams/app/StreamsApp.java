package io.flowpulse.streams.app;

import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.service.Service;
import io.flowpulse.runtime.service.ServiceUnavailableException;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * The analytics as a {@link Service}. Built from {@link StreamsSettings} (the live service) it creates
 * the missing topics at start, reads the partition count of the flows topic (the number of watermarks
 * stage 2 waits for) and runs the topology with exactly-once v2, dead-letter handlers and standby
 * replicas; {@link #of} runs a topology someone else built under their properties (a replay). Ready
 * while Kafka Streams is RUNNING; a stream thread's failure, or Kafka Streams stopping when nobody
 * asked it to, surfaces from {@link #await()}.
 */
public final class StreamsApp implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** What Kafka Streams runs, decided at start. */
    private interface Plan {
        Planned make() throws ServiceUnavailableException;
    }

    private record Planned(Topology topology, Properties properties) {
    }

    private final StreamsSettings settings;
    private final SchemaRegistryClient registryClient;
    private final PrometheusMeterRegistry registry;
    private final PipelineMetrics metrics;
    private final Plan plan;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile KafkaStreams streams;
    private volatile boolean stopRequested;
    private volatile Throwable failure;
    private volatile Path stateDir;
    private KafkaStreamsMetrics streamsMetrics;

    /** The live service, with a schema registry client of its own. */
    public StreamsApp(StreamsSettings settings) {
        this(settings, settings.registryClient());
    }

    /** The live service on {@code registryClient}. */
    public StreamsApp(StreamsSettings settings, SchemaRegistryClient registryClient) {
        this.settings = settings;
        this.registryClient = registryClient;
        this.registry = Metrics.newRegistry("streams");
        this.metrics = new PipelineMetrics(registry);
        this.plan = this::livePlan;
    }

    private StreamsApp(Topology topology, Properties properties, PipelineMetrics metrics,
                       PrometheusMeterRegistry registry) {
        this.settings = null;
        this.registryClient = null;
        this.registry = registry;
        this.metrics = metrics;
        this.plan = () -> new Planned(topology, properties);
    }

    /**
     * Runs {@code topology} as it is under {@code properties}: for a caller that made the topics and
     * chose the settings itself. {@code metrics} are the ones the topology counts into.
     */
    public static StreamsApp of(Topology topology, Properties properties, PipelineMetrics metrics,
                                PrometheusMeterRegistry registry) {
        return new StreamsApp(topology, properties, metrics, registry);
    }

    @Override
    public String name() {
        return "streams";
    }

    /** Returns once Kafka Streams is starting (see {@link #state()}). */
    @Override
    public synchronized void start() throws ServiceUnavailableException {
        if (streams != null) {
            throw new IllegalStateException("already started");
        }
        Planned planned = plan.make();
        stateDir = Path.of(planned.properties().getProperty(StreamsConfig.STATE_DIR_CONFIG,
                StreamsConfig.configDef().defaultValues().get(StreamsConfig.STATE_DIR_CONFIG).toString()));
        StateDirectoryCheck.requireWritable(stateDir);
        if (stopRequested) {
            stopped.countDown();
            return;
        }
        KafkaStreams created = new KafkaStreams(planned.topology(), planned.properties());
        created.setUncaughtExceptionHandler(exception -> {
            failure = exception;
            LOG.error("stream thread failed; shutting down", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        created.setStateListener((now, before) -> {
            LOG.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        streamsMetrics = new KafkaStreamsMetrics(created);
        streamsMetrics.bindTo(registry);
        streams = created;
        created.start();
    }

    private Planned livePlan() throws ServiceUnavailableException {
        ensureTopics();
        int flowsPartitions = partitionCount(settings.flowsTopic());
        Topology topology = FlowpulseTopology.build(topologySettings(flowsPartitions),
                new RegistrySerdes(registryClient), metrics);
        LOG.info("topology with {} flows partition(s):\n{}", flowsPartitions, topology.describe());
        return new Planned(topology, streamsProperties());
    }

    /** Asks Kafka Streams to shut down, without waiting for it. */
    @Override
    public void stop() {
        stopRequested = true;
        KafkaStreams s = streams;
        if (s != null) {
            s.close(Duration.ZERO);
        } else {
            stopped.countDown();
        }
    }

    /** Returns when Kafka Streams has stopped after {@link #stop()}; throws when it stopped for any other reason. */
    @Override
    public void await() throws InterruptedException, ExecutionException {
        stopped.await();
        Throwable error = failure;
        if (error != null) {
            StateDirectoryCheck.fullVolume(stateDir, error).ifPresent(full -> {
                throw full;
            });
            throw new ExecutionException("stopped after an error: " + error, error);
        }
        if (state() == KafkaStreams.State.ERROR || !stopRequested) {
            throw new ExecutionException("Kafka Streams stopped by itself (state " + state() + ")", null);
        }
    }

    @Override
    public Map<String, HealthCheck> healthChecks() {
        return Map.of("kafka-streams", () -> {
            KafkaStreams.State state = state();
            return state == KafkaStreams.State.RUNNING
                    ? HealthCheck.Status.up("RUNNING")
                    : HealthCheck.Status.down(state.name());
        });
    }

    @Override
    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.CREATED : s.state();
    }

    /** The analytics' own counters (records in, windows closed, alerts, late records). */
    public PipelineMetrics pipelineMetrics() {
        return metrics;
    }

    /** The error that stopped a stream thread, if any. */
    public Throwable failure() {
        return failure;
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
                .maxKeysPerWindow(settings.maxKeysPerWindow())
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
        props.putAll(settings.rocksDbLimits().streamsProperties());
        props.putAll(settings.kafkaOverrides());
        return props;
    }

    private void ensureTopics() throws ServiceUnavailableException {
        List<String> created;
        try {
            created = new TopicProvisioner(settings.bootstrapServers(), settings.kafkaOverrides()).ensure(
                    List.of(settings.flowsTopic(), settings.nodesTopic(), settings.linksTopic(), settings.dnsTopic(),
                            settings.latencyTopic(), settings.alertsTopic(), settings.dlqTopic()),
                    settings.nodesTopic(), settings.topicPartitions(), settings.topicReplication(),
                    settings.topicRetentionMs());
        } catch (IllegalStateException e) {
            throw new ServiceUnavailableException(e.getMessage(), e);
        }
        if (!created.isEmpty()) {
            LOG.info("created topics {}", created);
        }
    }

    private int partitionCount(String topic) throws ServiceUnavailableException {
        Properties props = new Properties();
        props.putAll(settings.kafkaOverrides());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(60, TimeUnit.SECONDS).get(topic);
            return description.partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new ServiceUnavailableException("cannot read the partitions of topic " + topic + " on "
                    + settings.bootstrapServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while reading the partitions of " + topic, e);
        }
    }

    /** Waits (bounded) for Kafka Streams to stop and releases it. */
    @Override
    public synchronized void close() {
        stopRequested = true;
        if (streams != null) {
            streams.close(CLOSE_TIMEOUT);
            if (streamsMetrics != null) {
                streamsMetrics.close();
            }
        }
        stopped.countDown();
    }
}
