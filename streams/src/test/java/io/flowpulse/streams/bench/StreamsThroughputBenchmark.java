package io.flowpulse.streams.bench;

import io.flowpulse.runtime.Config;
import io.flowpulse.schemas.TopicProvisioner;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.streams.app.StreamsSettings;
import io.flowpulse.streams.logic.link.LinkEvents;
import io.flowpulse.streams.logic.naming.WorkloadNames;
import io.flowpulse.streams.topology.FlowTimestampExtractor;
import io.flowpulse.localstack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Throughput of the Flowpulse streams service ({@link StreamsApp}: the two-stage
 * {@code FlowpulseTopology} with its production settings, exactly-once v2, one stream thread)
 * against a baseline topology in the same JVM and run: a plain Kafka Streams windowed count per
 * workload link ({@code src workload -> dst workload}, keyed by {@link WorkloadNames}, repartitioned
 * with an empty value, tumbling windows of the same size and grace, RocksDB, the same
 * exactly-once v2 and thread count). With a grace of 10 s the plain count drops whole
 * node-partitions' worth of records as late (its stream time runs ahead across the four input
 * partitions), so the baseline's grace covers the whole input and it counts every record; the
 * harness prints the dropped-records metric to show it.
 *
 * <p>The input is pre-produced once: synthetic L3/L4 flows with {@code --workloads}^2 distinct
 * workload links in every window (default 100^2 = 10,000), {@code --flows-per-window} flows per
 * window over {@code --windows} windows of 60 s. Each run starts a fresh application (new
 * application id, empty state) and is timed from {@code start()} until the group's committed
 * offsets reach the end of the flows topic and of the application's repartition topic(s); the
 * time to reach RUNNING is reported on its own. Arguments: {@code --windows W} (10),
 * {@code --flows-per-window F} (100000), {@code --workloads K} (100), {@code --runs R} (3),
 * {@code --partitions P} (4), {@code --stream-threads T} (1); {@code --scale}: the Flowpulse service alone
 * with 1, 2 and 4 stream threads and as two instances of one application (see {@link #scale}).
 */
public final class StreamsThroughputBenchmark {

    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** A finished run; {@code checks} are the application's own counts, to see that it did the whole job. */
    private record Timing(double seconds, double toRunningSeconds, long outputRecords, String checks) {
        Timing withChecks(String text) {
            return new Timing(seconds, toRunningSeconds, outputRecords, text);
        }
    }

    private StreamsThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int windows = intArg(args, "--windows", 10);
        int flowsPerWindow = intArg(args, "--flows-per-window", 100_000);
        int workloads = intArg(args, "--workloads", 100);
        int runs = intArg(args, "--runs", 3);
        int partitions = intArg(args, "--partitions", 4);
        int threads = intArg(args, "--stream-threads", 1);
        long flows = (long) windows * flowsPerWindow;
        SyntheticLinkFlows input = new SyntheticLinkFlows(workloads, 8, flowsPerWindow, WINDOW, START);

        Path work = Files.createTempDirectory("flowpulse-streams-bench");
        try (LocalStack stack = LocalStack.create(work.resolve("stack"))) {
            String bootstrap = stack.kafka().bootstrapServers();
            String registryUrl = stack.registry().url();
            String flowsTopic = "bench.flows";
            new TopicProvisioner(bootstrap, new Properties()).ensure(List.of(flowsTopic), null, partitions, (short) 1, -1);
            double produceRate = produce(bootstrap, registryUrl, flowsTopic, input, flows);
            System.out.printf(Locale.ROOT, "input: %,d flows, %d windows x %,d flows, %,d distinct workload links per window, "
                    + "%d partitions, %d stream thread(s) (pre-produced at %,.0f flows/s)%n", flows, windows,
                    flowsPerWindow, input.linksPerWindow(), partitions, threads, produceRate);

            if (List.of(args).contains("--scale")) {
                scale(bootstrap, registryUrl, flowsTopic, partitions, work.resolve("state"), flows, runs);
                return;
            }
            List<Timing[]> results = new ArrayList<>();
            for (int run = 0; run <= runs; run++) {
                String tag = run == 0 ? "warm-up" : "run " + run;
                Timing base = baseline(bootstrap, registryUrl, flowsTopic, work.resolve("state"), "bench-baseline-" + run, flows,
                        WINDOW.multipliedBy(windows), threads);
                Timing flowpulse = flowpulse(bootstrap, registryUrl, flowsTopic, partitions, work.resolve("state"),
                        "bench-flowpulse-" + run, flows, threads);
                System.out.printf(Locale.ROOT, "%s: baseline %,.0f flows/s (%.1f s, RUNNING after %.1f s, %,d output records, %s), "
                                + "flowpulse %,.0f flows/s (%.1f s, RUNNING after %.1f s, %,d link windows, %s), ratio %.0f %%%n",
                        tag, flows / base.seconds, base.seconds, base.toRunningSeconds, base.outputRecords, base.checks,
                        flows / flowpulse.seconds, flowpulse.seconds, flowpulse.toRunningSeconds, flowpulse.outputRecords,
                        flowpulse.checks, 100 * base.seconds / flowpulse.seconds);
                if (run > 0) {
                    results.add(new Timing[] {base, flowpulse});
                }
            }
            System.out.println();
            System.out.println("| run | baseline flows/s | Flowpulse flows/s | Flowpulse / baseline | "
                    + "baseline, after RUNNING | Flowpulse, after RUNNING |");
            System.out.println("|---|---|---|---|---|---|");
            for (int i = 0; i < results.size(); i++) {
                Timing b = results.get(i)[0];
                Timing f = results.get(i)[1];
                System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.0f %% | %,.0f | %,.0f |%n", i + 1,
                        flows / b.seconds, flows / f.seconds, 100 * b.seconds / f.seconds,
                        flows / (b.seconds - b.toRunningSeconds), flows / (f.seconds - f.toRunningSeconds));
            }
        } finally {
            deleteTree(work);
        }
    }

    private static double produce(String bootstrap, String registryUrl, String topic, SyntheticLinkFlows input, long flows) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        Serde<SpecificRecord> values = FlowEventSerde.create(SchemaRegistryClient.builder(registryUrl).build());
        long start = System.nanoTime();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(props, new StringSerializer(), values.serializer())) {
            for (long i = 0; i < flows; i++) {
                producer.send(new ProducerRecord<>(topic, input.node(i), input.flow(i)));
            }
            producer.flush();
        }
        return flows / ((System.nanoTime() - start) / 1e9);
    }

    /** The plain windowed count per workload link. */
    private static Timing baseline(String bootstrap, String registryUrl, String flowsTopic, Path stateDir, String appId,
                                   long flows, Duration baselineGrace, int threads) throws Exception {
        String output = appId + ".counts";
        new TopicProvisioner(bootstrap, new Properties()).ensure(List.of(output), null, 1, (short) 1, -1);
        Serde<SpecificRecord> flowSerde = FlowEventSerde.create(SchemaRegistryClient.builder(registryUrl).build());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(flowsTopic, Consumed.with(Serdes.String(), flowSerde).withTimestampExtractor(new FlowTimestampExtractor()))
                .filter((node, value) -> value instanceof Flow flow && LinkEvents.isLinkEvent(flow))
                .map((node, value) -> KeyValue.pair(linkKey((Flow) value), new byte[0]))
                .groupByKey(Grouped.with("links", Serdes.String(), Serdes.ByteArray()))
                .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, baselineGrace))
                .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("link-counts"))
                .toStream()
                .to(output, Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, WINDOW.toMillis()), Serdes.Long()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        streams.setUncaughtExceptionHandler(e -> {
            failure.set(e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        try {
            long start = System.nanoTime();
            streams.start();
            Timing timing = awaitConsumed(bootstrap, appId, flowsTopic, start, () -> streams.state() == KafkaStreams.State.RUNNING,
                    failure::get, List.of(output));
            double dropped = streams.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("dropped-records-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            return timing.withChecks(String.format(Locale.ROOT, "%,.0f records dropped", dropped));
        } finally {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
    }

    private static String linkKey(Flow flow) {
        return WorkloadNames.workloadOf(flow.getSource()) + " -> " + WorkloadNames.workloadOf(flow.getDestination());
    }

    /** The Flowpulse streams service as `flowpulse streams` runs it, with fresh topics and state. */
    private static Timing flowpulse(String bootstrap, String registryUrl, String flowsTopic, int partitions, Path stateDir,
                                    String appId, long flows, int threads) throws Exception {
        return flowpulse(bootstrap, registryUrl, flowsTopic, partitions, stateDir, appId, flows, new Shape(1, threads));
    }

    /** How a run deploys the streams service: instances of one application, stream threads in each. */
    private record Shape(int instances, int threads) {
        String label() {
            return instances == 1 ? threads + " stream thread" + (threads == 1 ? "" : "s")
                    : instances + " instances x " + threads + " stream thread" + (threads == 1 ? "" : "s");
        }
    }

    /**
     * Horizontal scale: the Flowpulse service alone in each {@link Shape}, rounds in rotation so that
     * every shape sees the same machine; each shape's rate against the one-thread run of its round.
     * Each run must read every input record with none late and emit exactly the link windows the
     * one-thread run emitted (read back from the links topic).
     */
    private static void scale(String bootstrap, String registryUrl, String flowsTopic, int partitions, Path stateDir,
                              long flows, int runs) throws Exception {
        List<Shape> shapes = List.of(new Shape(1, 1), new Shape(1, 2), new Shape(1, 4), new Shape(2, 1), new Shape(2, 2));
        Map<Shape, List<double[]>> rates = new java.util.LinkedHashMap<>();
        for (int run = 0; run <= runs; run++) {
            double single = 0;
            String expectedWindows = null;
            for (Shape shape : shapes) {
                String appId = "bench-scale-" + run + "-" + shape.instances() + "x" + shape.threads();
                Timing t = flowpulse(bootstrap, registryUrl, flowsTopic, partitions, stateDir, appId, flows, shape);
                String windows = committedOutput(bootstrap, appId + ".links");
                double rate = flows / t.seconds;
                if (expectedWindows == null) {
                    expectedWindows = windows;
                    single = rate;
                } else if (!windows.equals(expectedWindows)) {
                    throw new IllegalStateException(shape.label() + " emitted " + windows + " link windows, one thread "
                            + expectedWindows);
                }
                System.out.printf(Locale.ROOT, "%s, %s: %,.0f flows/s (%.1f s, RUNNING after %.1f s, %,.0f after RUNNING),"
                                + " %.2fx one thread; %s; link windows %s%n", run == 0 ? "warm-up" : "run " + run, shape.label(),
                        rate, t.seconds, t.toRunningSeconds, flows / (t.seconds - t.toRunningSeconds), rate / single, t.checks,
                        windows);
                if (run > 0) {
                    rates.computeIfAbsent(shape, k -> new ArrayList<>())
                            .add(new double[] {rate, flows / (t.seconds - t.toRunningSeconds), rate / single});
                }
            }
        }
        System.out.println();
        System.out.println("| shape | flows/s per run | after RUNNING per run | against one thread, same round |");
        System.out.println("|---|---|---|---|");
        rates.forEach((shape, list) -> System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", shape.label(),
                join(list, 0, "%,.0f"), join(list, 1, "%,.0f"), join(list, 2, "%.2f")));
    }

    private static String join(List<double[]> rows, int column, String format) {
        return String.join(", ", rows.stream().map(r -> String.format(Locale.ROOT, format, r[column])).toList());
    }

    /**
     * The committed records of an output topic as a count and an order-free digest of their keys and
     * values, so that runs whose partitions interleave differently still compare equal.
     */
    private static String committedOutput(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long count = 0;
        long digest = 0;
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end");
                }
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    count++;
                    digest += mix(31L * java.util.Arrays.hashCode(r.key()) + java.util.Arrays.hashCode(r.value()));
                }
            }
        }
        return String.format(Locale.ROOT, "%,d records, digest %016x", count, digest);
    }

    /** A 64-bit finalizer (SplitMix64's), so that summed hashes do not cancel. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static Timing flowpulse(String bootstrap, String registryUrl, String flowsTopic, int partitions, Path stateDir,
                                    String appId, long flows, Shape shape) throws Exception {
        int threads = shape.threads();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("kafka.bootstrap.servers", bootstrap);
        overrides.put("schema.registry.url", registryUrl);
        overrides.put("streams.application.id", appId);
        overrides.put("topics.flows", flowsTopic);
        for (String t : List.of("nodes", "links", "dns", "latency", "alerts", "dlq")) {
            overrides.put("topics." + t, appId + "." + t);
        }
        overrides.put("topics.partitions", Integer.toString(partitions));
        overrides.put("topics.retention.ms", "-1");
        overrides.put("streams.window.seconds", Long.toString(WINDOW.toSeconds()));
        overrides.put("streams.grace.seconds", Long.toString(GRACE.toSeconds()));
        overrides.put("streams.num.stream.threads", Integer.toString(threads));
        overrides.put("http.host", "127.0.0.1");
        overrides.put("http.port", "0");
        List<StreamsSettings> instances = new ArrayList<>();
        for (int i = 0; i < shape.instances(); i++) {
            overrides.put("streams.state.dir", stateDir.resolve(appId + "-" + i).toString());
            instances.add(StreamsSettings.from(Config.builder().defaults(StreamsSettings.DEFAULTS)
                    .environment(Map.of()).overrides(overrides).build()));
        }
        StreamsSettings settings = instances.get(0);
        // the service creates its topics on start; create them first so that start() is only Kafka Streams
        new TopicProvisioner(bootstrap, new Properties()).ensure(
                List.of(settings.nodesTopic(), settings.linksTopic(), settings.dnsTopic(), settings.latencyTopic(),
                        settings.alertsTopic(), settings.dlqTopic()),
                settings.nodesTopic(), partitions, (short) 1, -1);
        List<StreamsApp> apps = new ArrayList<>();
        try {
            for (StreamsSettings instance : instances) {
                apps.add(new StreamsApp(instance));
            }
            long start = System.nanoTime();
            for (StreamsApp app : apps) {
                app.start();
            }
            Timing timing = awaitConsumed(bootstrap, appId, flowsTopic, start,
                    () -> apps.stream().allMatch(a -> a.state() == KafkaStreams.State.RUNNING),
                    () -> apps.stream().map(StreamsApp::failure).filter(java.util.Objects::nonNull).findFirst().orElse(null),
                    List.of(settings.linksTopic()));
            double input = apps.stream().mapToDouble(a -> a.pipelineMetrics().inputRecords().count()).sum();
            double late = apps.stream().mapToDouble(a -> a.pipelineMetrics().lateRecords().count()).sum();
            if (input < flows || late > 0) {
                throw new IllegalStateException(appId + ": " + input + " of " + flows + " input records read, " + late + " late");
            }
            // more than the input when a rebalance moved a task whose work was not committed yet
            return timing.withChecks(String.format(Locale.ROOT, "%,.0f input records read, %,.0f late", input, late));
        } finally {
            for (StreamsApp app : apps) {
                app.close();
            }
        }
    }

    /**
     * Waits until the group {@code appId} has committed the end of the flows topic and (then) of
     * its repartition topics. Transactional topics end with a commit marker the group may not
     * have stepped over, so one offset per partition of a repartition topic is tolerated.
     */
    private static Timing awaitConsumed(String bootstrap, String appId, String flowsTopic, long startNanos,
                                        Supplier<Boolean> running, Supplier<Throwable> failure, List<String> outputs)
            throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long runningAt = 0;
        long deadline = startNanos + TimeUnit.MINUTES.toNanos(15);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (failure.get() != null) {
                    throw new IllegalStateException(appId + " failed", failure.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(appId + " did not consume its input within 15 minutes");
                }
                if (runningAt == 0 && running.get()) {
                    runningAt = System.nanoTime();
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                if (lag(admin, committed, List.of(flowsTopic), 0) == 0) {
                    List<String> repartition = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                            .filter(t -> t.startsWith(appId + "-") && t.endsWith("-repartition")).toList();
                    if (lag(admin, committed, repartition, 1) == 0) {
                        long done = System.nanoTime();
                        long outputRecords = endOffsetSum(admin, outputs);
                        return new Timing((done - startNanos) / 1e9,
                                ((runningAt == 0 ? done : runningAt) - startNanos) / 1e9, outputRecords, "");
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    /** Records not yet committed over all partitions, each partition's lag reduced by {@code tolerance}. */
    private static long lag(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed, List<String> topics,
                            long tolerance) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(admin, topics, IsolationLevel.READ_COMMITTED);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            long position = c == null ? 0 : c.offset();
            lag += Math.max(0, end.getValue() - position - tolerance);
        }
        return lag;
    }

    private static long endOffsetSum(Admin admin, List<String> topics) throws Exception {
        return endOffsets(admin, topics, IsolationLevel.READ_UNCOMMITTED).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics, IsolationLevel isolation)
            throws Exception {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
