package io.flowpulse.flink.replay;

import io.flowpulse.replay.EndMarkers;
import io.flowpulse.flink.FlinkEngine;
import io.flowpulse.flink.FlinkRunResult;
import io.flowpulse.flink.FlinkSettings;
import io.flowpulse.ingest.CaptureIngest;
import io.flowpulse.ingest.CaptureSource;
import io.flowpulse.ingest.IngestPipeline;
import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.ingest.capture.CaptureFiles;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.runtime.service.UnreadableInputException;
import io.flowpulse.replay.ReplayException;
import io.flowpulse.replay.ReplayOutputs;
import io.flowpulse.replay.ReplayResult;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.replay.ReplayTopics;
import io.flowpulse.replay.report.ReplayReport;
import io.flowpulse.replay.report.ReportInput;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.streams.logic.naming.TopologyFile;
import io.flowpulse.streams.topology.TopologySettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A replay of capture files through the Flink job, with the same steps, topics and report as the
 * replay module's Kafka Streams replay ({@code io.flowpulse.replay.Replay}): the replay's own topics, the topology file's
 * nodes published, the captures read by the ingest pipeline into the flows topic, an end marker per
 * partition, then the job on a local mini-cluster as a bounded run (it ends once it has read the flows
 * topic to the offsets it had at the start, the markers included, and committed every result), then
 * the result topics read into the {@link ReplayReport}. The count of late records is the job's.
 *
 * <p>What a {@code flowpulse replay --engine flink} calls; {@code streamThreads} of the settings is the
 * job's parallelism.
 */
public final class FlinkReplay implements AutoCloseable {

    private final ReplaySettings settings;
    private final ReplayTopics topics;
    private final PrintStream progress;
    private Admin admin;
    private boolean topicsCreated;

    /** @param progress where progress lines go; null for none */
    public FlinkReplay(ReplaySettings settings, PrintStream progress) {
        this.settings = settings;
        this.topics = settings.topics();
        this.progress = progress;
    }

    public ReplayTopics topics() {
        return topics;
    }

    public ReplayResult run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<Path> files = readableFiles(settings.inputs());
        List<Node> nodes = settings.topologyFile() == null ? List.of() : TopologyFile.read(settings.topologyFile());
        Properties adminProps = new Properties();
        adminProps.putAll(settings.kafkaOverrides());
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        admin = Admin.create(adminProps);
        createTopics();
        SchemaRegistryClient registry = settings.registryClient();
        registerSchemas(registry);

        say("replay %s (flink): reading %d file(s) into %s", topics.runId(), files.size(), topics.flows());
        CaptureSource capture = new CaptureSource("replay", files, null, settings.inputLimits().capture());
        CaptureIngest.Result read;
        IngestPipeline pipeline;
        // the ingest service publishes the topology file's nodes first, then reads the captures
        try (IngestService ingest = IngestService.create(ingestSettings(), capture, NodeSource.of(nodes))) {
            pipeline = ingest.pipeline();
            ingest.start();
            ingest.await();
        } catch (UnreadableInputException e) {
            if (e.getCause() instanceof IOException missing) {
                throw missing;
            }
            throw new ReplayException("reading the input failed: " + e.getMessage(), e);
        } catch (InterruptedException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ReplayException("reading the input failed: " + e.getMessage(), e);
        }
        read = capture.result();
        sendEndMarkers(read);
        say("replay %s (flink): %,d records read in %.1f s; running the Flink job", topics.runId(),
                read.totals().records(), read.seconds());

        FlinkRunResult job;
        try {
            job = FlinkEngine.runLocal(flinkSettings(nodes));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new ReplayException("the Flink job failed: " + e.getMessage(), e);
        }
        say("replay %s (flink): job done in %.1f s, %,d records analysed, %,d late", topics.runId(),
                job.runtime().toMillis() / 1e3, job.inputRecords(), job.lateRecords());

        ReplayOutputs outputs = readOutputs(registry);
        long invalid = read.totals().invalid() + read.mappingFailures();
        long records = read.totals().records() - invalid;
        ReportInput input = new ReportInput(files.stream().map(Path::toString).toList(), records,
                pipeline.counters().flows(), pipeline.counters().lostEventRecords(), invalid, job.lateRecords(),
                read.firstTime(), read.lastTime());
        ReplayReport report = ReplayReport.of(input, settings.windowSize().toSeconds(), outputs.links(), outputs.dns(),
                outputs.latency(), outputs.alerts());
        return new ReplayResult(report, read.unreadableFiles(), pipeline.publisher().deadLettered(), job.deadLetters(),
                outputs.duplicates(), (System.nanoTime() - started) / 1e9);
    }

    /** The files to read, each checked for readability before anything starts (as the streams replay does). */
    static List<Path> readableFiles(List<Path> inputs) throws IOException {
        List<Path> files = CaptureFiles.resolve(inputs);
        for (Path file : files) {
            if (!java.nio.file.Files.isReadable(file)) {
                throw new java.nio.file.AccessDeniedException(file.toString(), null, "capture file is not readable");
            }
        }
        if (files.isEmpty()) {
            throw new java.nio.file.NoSuchFileException(inputs.toString(), null, "no capture files in the inputs");
        }
        return files;
    }

    /** The Flink job of this replay: its topics, window and grace, the topology file's nodes, a bounded run. */
    FlinkSettings flinkSettings(List<Node> nodes) {
        TopologySettings analytics = TopologySettings.builder()
                .flowsTopic(topics.flows()).nodesTopic(topics.nodes()).linksTopic(topics.links())
                .dnsTopic(topics.dns()).latencyTopic(topics.latency()).alertsTopic(topics.alerts())
                .windowSize(settings.windowSize()).grace(settings.grace())
                .flowsPartitions(settings.flowsPartitions()).topologyNodes(nodes)
                .alertThresholds(settings.alertThresholds()).handshakeTimeout(settings.handshakeTimeout())
                .maxKeysPerWindow(settings.maxKeysPerWindow()).build();
        String name = topics.applicationId() + "-flink";
        return new FlinkSettings(settings.bootstrapServers(), settings.registryUrl(), analytics, topics.dlq(), name, name,
                settings.streamThreads(), Duration.ofSeconds(5), null, null, true, false, kafkaAndRegistrySettings());
    }

    /** The Kafka settings with the registry's credentials and trust store, as FlinkSettings takes them. */
    private Properties kafkaAndRegistrySettings() {
        Properties all = new Properties();
        all.putAll(settings.kafkaOverrides());
        settings.registrySettings().forEach((key, value) -> {
            if (!key.equals(AvroSerdeConfig.SCHEMA_REGISTRY_URL)) {
                all.put(key, value);
            }
        });
        return all;
    }

    private IngestSettings ingestSettings() {
        return new IngestSettings(settings.bootstrapServers(), settings.registryUrl(), topics.flows(), topics.nodes(),
                topics.dlq(), settings.flowsPartitions(), (short) 1, -1L, settings.kafkaOverrides(), "127.0.0.1", 0,
                settings.registrySettings(), settings.inputLimits());
    }

    private void createTopics() {
        Map<String, String> keep = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        List<NewTopic> create = new ArrayList<>();
        create.add(new NewTopic(topics.flows(), java.util.Optional.of(settings.flowsPartitions()), java.util.Optional.empty())
                .configs(keep));
        create.add(new NewTopic(topics.nodes(), java.util.Optional.of(1), java.util.Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        for (String topic : List.of(topics.links(), topics.dns(), topics.latency(), topics.alerts(), topics.dlq())) {
            create.add(new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty()).configs(keep));
        }
        await(admin.createTopics(create).all(), "create the replay topics " + topics.all());
        topicsCreated = true;
    }

    /** Every topic's value schema registered once before any client writes (as the streams replay does). */
    private void registerSchemas(SchemaRegistryClient registry) {
        Map<String, org.apache.avro.Schema> schemas = Map.of(
                topics.flows(), FlowEventSerde.VALUE_SCHEMA,
                topics.nodes(), Node.getClassSchema(),
                topics.links(), LinkWindow.getClassSchema(),
                topics.dns(), DnsWindow.getClassSchema(),
                topics.latency(), LatencyWindow.getClassSchema(),
                topics.alerts(), Alert.getClassSchema());
        schemas.forEach((topic, schema) -> registry.register(topic + "-value", schema));
    }

    private void sendEndMarkers(CaptureIngest.Result read) {
        EndMarkers.send(settings, topics.flows(), settings.flowsPartitions(), read.lastTime(), "flowpulse-flink-replay-end-markers");
    }

    /** The committed records of the result topics, from the beginning to their end offsets now. */
    private ReplayOutputs readOutputs(SchemaRegistryClient registry) {
        Map<String, Deserializer<?>> deserializers = new HashMap<>();
        deserializers.put(topics.links(), AvroSerde.specific(LinkWindow.class, registry).deserializer());
        deserializers.put(topics.dns(), AvroSerde.specific(DnsWindow.class, registry).deserializer());
        deserializers.put(topics.latency(), AvroSerde.specific(LatencyWindow.class, registry).deserializer());
        deserializers.put(topics.alerts(), AvroSerde.specific(Alert.class, registry).deserializer());
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        topics.outputs().forEach(topic -> request.put(new TopicPartition(topic, 0), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        await(admin.listOffsets(request).all(), "read the end offsets of the results")
                .forEach((partition, info) -> ends.put(partition, info.offset()));

        Properties props = new Properties();
        props.putAll(settings.kafkaOverrides());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        ReplayOutputs outputs = new ReplayOutputs();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new ReplayException("could not read the replay's results within 5 min");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        outputs.add(deserializers.get(record.topic()).deserialize(record.topic(), record.value()));
                    }
                }
            }
        }
        return outputs;
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ReplayException("could not " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted while trying to " + what, e);
        }
    }

    private void say(String format, Object... args) {
        if (progress != null) {
            progress.println(String.format(format, args));
        }
    }

    /** Deletes the replay's topics unless they are to be kept. */
    @Override
    public void close() {
        if (admin == null) {
            return;
        }
        try {
            if (topicsCreated && !settings.keepTopics()) {
                await(admin.deleteTopics(topics.all()).all(), "delete the replay topics");
            }
        } finally {
            admin.close();
        }
    }
}
