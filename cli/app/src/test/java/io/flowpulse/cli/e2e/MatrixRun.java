package io.flowpulse.cli.e2e;

import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.ingest.RelaySource;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.ingest.relay.RelaySettings;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.runtime.Config;
import io.flowpulse.schemas.DeadLetters;
import io.flowpulse.runtime.Metrics;
import io.flowpulse.simulator.HubbleSimulator;
import io.flowpulse.simulator.Pacing;
import io.flowpulse.simulator.capture.ClusterTopology;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.FaultSpec;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.sink.SinkClients;
import io.flowpulse.sink.SinkService;
import io.flowpulse.sink.SinkSettings;
import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.streams.logic.naming.TopologyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One run of the whole live pipeline over the same simulated cluster: the simulated Hubble Relay
 * (its clock compressed), ingest following it, two streams instances with a standby replica of every
 * store, and the sink into a ClickHouse database of the run's own. Every run has topics, application
 * ids and a database of its own, so runs share the stack but nothing else. The parts named in
 * {@code inChildren} run as the {@code flowpulse} command in JVMs of their own, so that a fault can
 * kill them; the others run in the test's JVM.
 */
final class MatrixRun implements AutoCloseable {

    enum Part { INGEST, STREAMS_A, STREAMS_B, SINK }

    /** Faults of several kinds in the simulated cluster, so that alerts fire and resolve in the compared output. */
    static final List<FaultSpec> CLUSTER_FAULTS = List.of(
            FaultSpec.parse("relayed-path=edge-e"),
            FaultSpec.parse("policy-drop=shop/web->data/postgres,start=1,end=3"),
            FaultSpec.parse("nxdomain=shop/web,start=1,end=2"),
            FaultSpec.parse("slow-dns=shop/cart,start=2,end=3"),
            FaultSpec.parse("lost-events=lab-c-2,start=2,end=3"));
    static final Duration SIMULATED = Duration.ofMinutes(4);
    /** Simulated seconds per wall-clock second: the four minutes take 12 s. */
    static final double SPEED = 20;
    /** Large enough to hold the whole run, so that only the ring-overflow fault overflows a ring. */
    static final int LARGE_RING = 200_000;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);

    private final LocalStack stack;
    private final Path dir;
    private final String run;
    private final LivePipeline.Topics topics;
    private final String applicationId;
    private final String sinkGroup;
    private final String database;
    private final Set<Part> inChildren;
    private final int ringCapacity;
    private int followQueueCapacity = io.flowpulse.simulator.server.FlowStore.DEFAULT_FOLLOW_QUEUE_CAPACITY;
    private final Map<String, String> ingestSettings = new HashMap<>();
    private final Map<Part, RunPart> parts = new EnumMap<>(Part.class);
    private HubbleSimulator simulator;
    private Path topology;
    private long startedNanos;

    MatrixRun(LocalStack stack, Path dir, String name, Set<Part> inChildren, int ringCapacity) {
        this.stack = stack;
        this.dir = dir;
        this.run = LivePipeline.newRun(name.replace('-', '_') + "_");
        this.topics = LivePipeline.Topics.forRun(run);
        this.applicationId = "flowpulse-" + run;
        this.sinkGroup = "sink-" + run;
        this.database = "fm_" + run;
        this.inChildren = inChildren.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(inChildren);
        this.ringCapacity = ringCapacity;
    }

    /** How far ingest may fall behind the simulated relay before the relay drops events as lost. */
    MatrixRun followQueue(int capacity) {
        this.followQueueCapacity = capacity;
        return this;
    }

    /** The log of a part running in a JVM of its own. */
    Path logOf(Part part) {
        return ((RunPart.Child) parts.get(part)).log();
    }

    /** A setting of ingest's beyond those every run has. */
    MatrixRun ingestSetting(String key, String value) {
        ingestSettings.put(key, value);
        return this;
    }

    static SimulationOptions simulation() {
        ClusterModel model = ModelLoader.defaultModel();
        return SimulationOptions.forModel(model).withSeed(11).withDuration(SIMULATED).withRateScale(0.25)
                .withFaults(CLUSTER_FAULTS);
    }

    /**
     * Both streams instances side by side (they create the topics), then the sink, then the simulated
     * relay with its clock running, then ingest following it from the simulation's start: every part is
     * up before the first flow is released, so a fault strikes a pipeline in its steady state.
     */
    MatrixRun start() throws Exception {
        topology = writeTopology(dir.resolve(run + "-topology.yaml"));
        parts.put(Part.STREAMS_A, streams("a"));
        parts.put(Part.STREAMS_B, streams("b"));
        parts.put(Part.SINK, sink());
        startTogether(List.of(parts.get(Part.STREAMS_A), parts.get(Part.STREAMS_B)));
        parts.get(Part.SINK).start();
        simulator = HubbleSimulator.builder().options(simulation()).pacing(Pacing.REALTIME).speed(SPEED)
                .ringCapacity(ringCapacity).followQueueCapacity(followQueueCapacity).listen("127.0.0.1", 0).start();
        startedNanos = System.nanoTime();
        parts.put(Part.INGEST, ingest());
        parts.get(Part.INGEST).start();
        return this;
    }

    /** The node inventory of the simulated cluster, as {@code flowpulse simulate --topology-out} writes it. */
    static Path writeTopology(Path file) {
        ClusterTopology.write(new io.flowpulse.simulator.gen.Simulation(ModelLoader.defaultModel(), simulation())
                .cluster(), file);
        return file;
    }

    private static void startTogether(List<RunPart> toStart) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (RunPart part : toStart) {
            Thread thread = new Thread(() -> {
                try {
                    part.start();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "start-" + part.name);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a part did not start", failures.get(0));
        }
    }

    private RunPart ingest() {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        settings.put("schema.registry.url", stack.registry().url());
        settings.put("topics.flows", topics.flows());
        settings.put("topics.nodes", topics.nodes());
        settings.put("topics.dlq", topics.dlq());
        settings.put("topics.partitions", Integer.toString(LivePipeline.PARTITIONS));
        settings.put("topics.retention.ms", "-1");
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        settings.putAll(ingestSettings);
        Instant since = simulation().start();
        if (inChildren.contains(Part.INGEST)) {
            return RunPart.child("ingest", List.of("ingest", "--relay", simulator.target(), "--since", since.toString(),
                    "--topology", topology.toString()), settings, dir.resolve(run + "-ingest.log"));
        }
        Config config = Config.builder().defaults(IngestSettings.DEFAULTS).environment(Map.of()).overrides(settings)
                .build();
        IngestSettings inProcess = IngestSettings.from(config);
        RelaySettings relay = new RelaySettings(simulator.target(), false, null, null, null, null, List.of(), List.of(),
                since, RelaySettings.DEFAULT_INITIAL_BACKOFF, RelaySettings.DEFAULT_MAX_BACKOFF).withStreamSettings(config);
        return RunPart.inProcess("ingest", () -> IngestService.create(inProcess, RelaySource.of(relay),
                NodeSource.of(TopologyFile.read(topology))));
    }

    private RunPart streams(String instance) {
        Map<String, String> settings = LivePipeline.streamsConfig(stack.kafka().bootstrapServers(),
                stack.registry().url(), topics, applicationId, dir.resolve(run + "-state-" + instance), topology);
        settings.put("topics.partitions", Integer.toString(LivePipeline.PARTITIONS));
        settings.put("streams.num.standby.replicas", "1");
        // names the instance's clients, so that a test can tell which partitions it holds
        settings.put("kafka.client.id", clientId(instance));
        // a killed instance leaves the group quickly, so the other takes its tasks over soon
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "1000");
        Part part = instance.equals("a") ? Part.STREAMS_A : Part.STREAMS_B;
        if (inChildren.contains(part)) {
            return RunPart.child("streams-" + instance, List.of("streams"), settings,
                    dir.resolve(run + "-streams-" + instance + ".log"));
        }
        return RunPart.inProcess("streams-" + instance, () -> new StreamsApp(LivePipeline.streamsSettings(settings)));
    }

    private RunPart sink() {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        settings.put("schema.registry.url", stack.registry().url());
        settings.put("topics.links", topics.links());
        settings.put("topics.dns", topics.dns());
        settings.put("topics.latency", topics.latency());
        settings.put("topics.alerts", topics.alerts());
        settings.put("topics.flows", topics.flows());
        settings.put("topics.dlq", topics.dlq());
        settings.put("clickhouse.url", stack.clickHouse().httpUrl());
        settings.put("clickhouse.database", database);
        settings.put("sink.group.id", sinkGroup);
        settings.put("sink.raw.flows", "true");
        settings.put("sink.linger", "300ms");
        settings.put("sink.retention.days", "0");
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "1000");
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        if (inChildren.contains(Part.SINK)) {
            return RunPart.child("sink", List.of("sink"), settings, dir.resolve(run + "-sink.log"));
        }
        SinkSettings sinkSettings = SinkSettings.from(Config.builder().defaults(SinkSettings.DEFAULTS)
                .environment(Map.of()).overrides(settings).build());
        return RunPart.inProcess("sink", () -> new SinkService(sinkSettings, SinkClients.create(sinkSettings),
                Metrics.newRegistry("sink")));
    }

    private String clientId(String instance) {
        return run + "-streams-" + instance;
    }

    /**
     * Waits until the streams instance holds at least one flows partition as an active task (a fresh
     * instance may get standby tasks only until it has caught up), so that killing it hits work in hand.
     */
    void awaitActiveTasks(Part instance, Duration timeout) throws Exception {
        String prefix = clientId(instance == Part.STREAMS_A ? "a" : "b");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = LivePipeline.admin(stack.kafka().bootstrapServers())) {
            while (true) {
                boolean holds = admin.describeConsumerGroups(List.of(applicationId)).all().get(30, TimeUnit.SECONDS)
                        .get(applicationId).members().stream()
                        .filter(member -> member.clientId().startsWith(prefix))
                        .anyMatch(member -> member.assignment().topicPartitions().stream()
                                .anyMatch(p -> p.topic().equals(topics.flows())));
                if (holds) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(prefix + " holds no flows partition");
                }
                Thread.sleep(200);
            }
        }
    }

    RunPart part(Part part) {
        return parts.get(part);
    }

    HubbleSimulator simulator() {
        return simulator;
    }

    LivePipeline.Topics topics() {
        return topics;
    }

    String applicationId() {
        return applicationId;
    }

    /**
     * Waits until ingest has published this many records to the flows topic: a fault strikes once data
     * is moving through the pipeline, however long the parts took to start.
     */
    /** Records on the run's flows topic now. */
    long published() throws Exception {
        try (Admin admin = LivePipeline.admin(stack.kafka().bootstrapServers())) {
            return records(admin, topics.flows());
        }
    }

    void awaitPublished(long records) throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        try (Admin admin = LivePipeline.admin(stack.kafka().bootstrapServers())) {
            while (records(admin, topics.flows()) < records) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("ingest did not publish " + records + " records");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Where the streams application stands on every flows partition and the sink on its topics (summed):
     * both advance while data moves through the whole pipeline.
     */
    record Progress(Map<TopicPartition, Long> streams, long sink) {

        /** True when every flows partition and the sink are beyond {@code before}. */
        boolean beyond(Progress before) {
            return sink > before.sink && !streams.isEmpty() && before.streams.entrySet().stream()
                    .allMatch(e -> streams.getOrDefault(e.getKey(), 0L) > e.getValue());
        }
    }

    Progress progress() throws Exception {
        try (Admin admin = LivePipeline.admin(stack.kafka().bootstrapServers())) {
            Map<TopicPartition, Long> streams = new HashMap<>();
            committed(admin, applicationId).forEach((partition, offset) -> {
                if (partition.topic().equals(topics.flows())) {
                    streams.put(partition, offset);
                }
            });
            Set<String> sinkTopics = Set.of(topics.links(), topics.dns(), topics.latency(), topics.alerts(),
                    topics.flows());
            long sink = committed(admin, sinkGroup).entrySet().stream()
                    .filter(e -> sinkTopics.contains(e.getKey().topic())).mapToLong(Map.Entry::getValue).sum();
            return new Progress(streams, sink);
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .forEach((partition, at) -> {
                    if (at != null) {
                        offsets.put(partition, at.offset());
                    }
                });
        return offsets;
    }

    /**
     * Waits until data moves through the whole pipeline again after a fault: the streams application
     * has committed beyond {@code before} on every flows partition and so has the sink. Returns how
     * long that took.
     */
    Duration awaitFlowingAgain(Progress before, Duration timeout) throws Exception {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        Progress now = before;
        while (true) {
            try {
                now = progress();
            } catch (Exception brokerNotBackYet) {
                // asked again below
            }
            if (now.beyond(before)) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the pipeline did not move again within " + timeout + ": now " + now
                        + ", before " + before);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Lets the run finish: the simulation to its end, ingest to publish what the relay has (the topic
     * stops growing), the end markers, the streams application to commit everything, the sink to
     * commit everything it wrote. Returns what ClickHouse holds and what the flows topic holds.
     */
    Outcome finish() throws Exception {
        if (!simulator.awaitFeed(STEP_TIMEOUT)) {
            throw new AssertionError("the simulation did not end");
        }
        long emitted = simulator.feed().emitted();
        awaitFlowsPublished(emitted);
        assertAllRunning();
        LivePipeline.sendEndMarkers(stack.kafka().bootstrapServers(), topics.flows(),
                simulation().start().plus(SIMULATED).plusSeconds(60).toEpochMilli());
        LivePipeline.awaitProcessed(stack.kafka().bootstrapServers(), applicationId, topics.flows(), STEP_TIMEOUT);
        LivePipeline.awaitNoOpenTransactions(stack.kafka().bootstrapServers(),
                List.of(topics.links(), topics.dns(), topics.latency(), topics.alerts()), STEP_TIMEOUT);
        awaitSinkCaughtUp();
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        return new Outcome(emitted, StoredWindows.read(stack.clickHouse(), database),
                FlowCensus.read(stack.kafka().bootstrapServers(), stack.registry().url(), topics.flows()),
                deadLetters(), took);
    }

    /** The dead-letter topic's records as "stage: reason". */
    private List<String> deadLetters() {
        List<String> found = new ArrayList<>();
        LivePipeline.readToEnd(stack.kafka().bootstrapServers(), topics.dlq(), record -> found.add(
                header(record, DeadLetters.STAGE) + ": " + header(record, DeadLetters.REASON)));
        return found;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "(no " + name + ")" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Fails when a part ended by itself: a fault must not take a service down for good. */
    void assertAllRunning() {
        StringBuilder ended = new StringBuilder();
        parts.values().forEach(part -> {
            String why = part.endedBecause();
            if (why != null) {
                ended.append(part.name).append(" ended: ").append(why).append('\n');
            }
        });
        if (!ended.isEmpty()) {
            throw new AssertionError(ended.toString());
        }
    }

    /**
     * Until the flows topic holds as many records as the relay produced events, or stops growing for 5 s
     * (the relay lost some: the queue-overflow case).
     */
    private void awaitFlowsPublished(long emitted) throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        try (Admin admin = LivePipeline.admin(stack.kafka().bootstrapServers())) {
            while (true) {
                long records = records(admin, topics.flows());
                if (records >= emitted) {
                    return;
                }
                if (records != last) {
                    last = records;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > Duration.ofSeconds(5).toNanos()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("ingest published only " + records + " of " + emitted + " events");
                }
                Thread.sleep(200);
            }
        }
    }

    private static long records(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < LivePipeline.PARTITIONS; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    /**
     * Until the sink has committed past the last record of every partition it reads. Not the end offsets:
     * on the transactional output topics the last offset is a commit marker, which a consumer never
     * commits past by itself.
     */
    private void awaitSinkCaughtUp() throws Exception {
        List<String> read = List.of(topics.links(), topics.dns(), topics.latency(), topics.alerts(), topics.flows());
        Map<TopicPartition, Long> last = lastRecordOffsets(read);
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        try (Admin admin = LivePipeline.admin(stack.kafka().bootstrapServers())) {
            while (true) {
                Map<TopicPartition, Long> committed = committed(admin, sinkGroup);
                Map<TopicPartition, String> behind = new HashMap<>();
                last.forEach((partition, offset) -> {
                    long at = committed.getOrDefault(partition, 0L);
                    if (at <= offset) {
                        behind.put(partition, at + "/" + (offset + 1));
                    }
                });
                if (behind.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the sink did not catch up: " + behind);
                }
                Thread.sleep(250);
            }
        }
    }

    /** The offset of the last committed record of every partition of {@code read} that has one. */
    private Map<TopicPartition, Long> lastRecordOffsets(List<String> read) {
        java.util.Properties props = new java.util.Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Map<TopicPartition, Long> last = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : read) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + read + " to their ends " + ends);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> last.merge(
                        new TopicPartition(record.topic(), record.partition()), record.offset(), Math::max));
            }
        }
        return last;
    }

    /**
     * @param emitted events the simulated relay produced
     * @param stored  what ClickHouse holds, read with FINAL
     * @param census  what the flows topic holds
     * @param deadLetters the dead-letter topic's records, as "stage: reason"
     * @param took    from the start of the simulation to the last row in ClickHouse
     */
    record Outcome(long emitted, StoredWindows stored, FlowCensus census, List<String> deadLetters, Duration took) {
    }

    @Override
    public void close() {
        List<Part> order = List.of(Part.SINK, Part.STREAMS_A, Part.STREAMS_B, Part.INGEST);
        for (Part part : order) {
            RunPart running = parts.get(part);
            if (running != null) {
                running.close();
            }
        }
        if (simulator != null) {
            simulator.close();
        }
        try {
            stack.clickHouse().query("DROP DATABASE IF EXISTS " + database);
        } catch (RuntimeException clickHouseDown) {
            // the stack's data goes with it
        }
    }
}
