package io.flowpulse.ingest.bench;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.IngestCounters;
import io.flowpulse.ingest.IngestPipeline;
import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.ingest.RelaySource;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.ingest.kafka.FlowSchemaId;
import io.flowpulse.ingest.kafka.ProducerSettings;
import io.flowpulse.ingest.relay.ResponseHandler;
import io.flowpulse.ingest.protowire.AvroFlowEncoder;
import io.flowpulse.ingest.protowire.FlowResponseView;
import io.flowpulse.ingest.mapping.FlowMapper;
import io.flowpulse.ingest.relay.RelayClient;
import io.flowpulse.ingest.relay.RelaySettings;
import io.flowpulse.schemas.TopicProvisioner;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.simulator.cluster.SimNode;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.server.FlowStore;
import io.flowpulse.simulator.server.HubbleServer;
import io.flowpulse.localstack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * End-to-end relay ingest rate into the real local broker, against a baseline measured in the
 * same JVM and the same run.
 *
 * <ul>
 * <li><b>baseline</b>: a raw {@code KafkaProducer<byte[], byte[]>} with {@link ProducerSettings#flows}
 * sending the very bytes ingest produces (node name keys, wire-format Avro values, serialized
 * once before the clock starts), then {@code flush()}.</li>
 * <li><b>ingest</b>: the simulator's {@link HubbleServer} serving a {@link FlowStore} filled with the
 * same pre-generated events -> {@code RelayClient} (GetFlows, follow, since the first event) ->
 * {@link IngestPipeline} (mapping) -> {@code FlowPublisher} (Avro serde, same producer settings),
 * as {@link IngestService} wires it; timed from the connection until every event is handled and
 * the producer's flush returned.</li>
 * </ul>
 * Each run writes to fresh topics; baseline and ingest alternate. Arguments:
 * {@code --events N} (default 500000), {@code --runs R} (default 3), {@code --partitions P} (default 4),
 * {@code --warmups W} (untimed rounds of each first, default 4), {@code --no-diagnostics} (only baseline and
 * ingest, e.g. to profile ingest).
 */
public final class IngestThroughputBenchmark {

    private static final String TOPIC_RELAY_ONLY = "bench.relay-only";

    private IngestThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = intArg(args, "--events", 500_000);
        int runs = intArg(args, "--runs", 3);
        int partitions = intArg(args, "--partitions", 4);
        boolean ingestOnly = List.of(args).contains("--no-diagnostics");
        int warmups = intArg(args, "--warmups", 4);

        System.out.printf(Locale.ROOT, "generating %,d simulator events%n", events);
        Simulation simulation = SimulatedEvents.simulation(11);
        List<GetFlowsResponse> input = SimulatedEvents.take(simulation, events);
        Instant since = simulation.start().minusSeconds(1);

        try (LocalStack stack = LocalStack.create(Files.createTempDirectory("flowpulse-ingest-bench"))) {
            String bootstrap = stack.kafka().bootstrapServers();
            String registryUrl = stack.registry().url();
            List<String> topics = new ArrayList<>();
            for (String run : runNames(runs, warmups)) {
                topics.addAll(List.of("bench." + run + ".raw", "bench." + run + ".ingest",
                        "bench." + run + ".ingest.nodes", "bench." + run + ".ingest.dlq"));
            }
            createTopics(bootstrap, topics, partitions);
            List<ProducerRecord<byte[], byte[]>> prepared = preSerialize(input, registryUrl, "bench.warmup");
            long bytes = prepared.stream().mapToLong(r -> r.key().length + r.value().length).sum();
            System.out.printf(Locale.ROOT, "%,d records to publish, mean key+value %.1f bytes%n",
                    prepared.size(), bytes / (double) prepared.size());

            List<String> nodes = simulation.cluster().nodes().stream().map(SimNode::name).toList();
            FlowStore store = new FlowStore(nodes, events);
            store.publishAll(input);
            try (HubbleServer server = new HubbleServer(store, simulation.cluster().nodes(), "bench", "127.0.0.1", 0, null)) {
                server.start();
                String target = "127.0.0.1:" + server.port();

                // untimed rounds of each until the JIT has compiled the hot paths (C2 keeps a core busy for
                // several rounds), the broker and the connections are warm
                for (int w = 1; w <= warmups; w++) {
                    baseline(bootstrap, prepared, "bench.warmup" + w + ".raw");
                    ingest(bootstrap, registryUrl, partitions, target, since, events, "bench.warmup" + w + ".ingest");
                }

                relayOnly(target, since, events, null);

                List<Phase[]> results = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    Phase base = baseline(bootstrap, prepared, "bench.run" + run + ".raw");
                    Phase ing = ingest(bootstrap, registryUrl, partitions, target, since, events, "bench.run" + run + ".ingest");
                    if (ingestOnly) {
                        double baseMicros = base.usage().machineMicrosPer(base.events());
                        double ownMicros = ing.usage().withoutSourceMicrosPer(ing.events());
                        System.out.printf(Locale.ROOT, "run %d: baseline %,.0f records/s (%s), ingest %,.0f events/s (%s);"
                                        + " ingest without the simulated relay %.2f us/event, baseline / ingest CPU %.2f%n",
                                run, base.rate(), base.cpuText(), ing.rate(), ing.cpuText(), ownMicros, baseMicros / ownMicros);
                        continue;
                    }
                    Phase relay = relayOnly(target, since, events, null);
                    Phase relayEncode = relayOnly(target, since, events, registryUrl);
                    results.add(new Phase[] {base, ing, relay, relayEncode});
                    System.out.printf(Locale.ROOT, "run %d: baseline %,.0f records/s, ingest %,.0f events/s, ingest/baseline %.0f %%;"
                            + " relay only %,.0f events/s, relay + encode %,.0f events/s%n",
                            run, base.rate(), ing.rate(), 100 * ing.rate() / base.rate(), relay.rate(), relayEncode.rate());
                }
                if (ingestOnly) {
                    return;
                }
                System.out.println();
                System.out.println("| run | baseline records/s | ingest events/s | ingest / baseline | relay only events/s "
                        + "| relay + encode events/s |");
                System.out.println("|---|---|---|---|---|---|");
                for (int i = 0; i < results.size(); i++) {
                    Phase[] r = results.get(i);
                    System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.0f %% | %,.0f | %,.0f |%n",
                            i + 1, r[0].rate(), r[1].rate(), 100 * r[1].rate() / r[0].rate(), r[2].rate(), r[3].rate());
                }
                System.out.println();
                System.out.println("Ingest's CPU without the simulated relay's threads (its GetFlows senders and event loops),"
                        + " against the baseline's CPU per record");
                System.out.println();
                System.out.println("| run | baseline us/record | ingest us/event | of which simulated relay | ingest without relay"
                        + " | baseline / ingest without relay |");
                System.out.println("|---|---|---|---|---|---|");
                for (int i = 0; i < results.size(); i++) {
                    Phase[] r = results.get(i);
                    double base = r[0].usage().machineMicrosPer(r[0].events());
                    double own = r[1].usage().withoutSourceMicrosPer(r[1].events());
                    System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f | %.0f %% |%n", i + 1, base,
                            r[1].usage().machineMicrosPer(r[1].events()), r[1].usage().sourceMicrosPer(r[1].events()), own,
                            100 * base / own);
                }
                System.out.println();
                System.out.println("CPU per phase: cores busy on the whole machine (JVM's share), machine CPU us per event");
                System.out.println();
                System.out.println("| run | baseline | ingest | relay only | relay + encode |");
                System.out.println("|---|---|---|---|---|");
                for (int i = 0; i < results.size(); i++) {
                    Phase[] r = results.get(i);
                    System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s |%n", i + 1,
                            r[0].cpuText(), r[1].cpuText(), r[2].cpuText(), r[3].cpuText());
                }
            }
        }
    }

    /** One timed phase: events (or records) per second and the CPU it used. */
    private record Phase(long events, CpuMeter.Usage usage) {

        double rate() {
            return events / usage.wallSeconds();
        }

        String cpuText() {
            return String.format(Locale.ROOT, "%.2f (%.2f) cores, %.1f us", usage.machineCores(), usage.jvmCores(),
                    usage.machineMicrosPer(events));
        }
    }

    /**
     * The relay part of ingest without Kafka, to see where the time goes: the same RelayClient
     * follow, with a handler that only counts (registryUrl null) or maps and serializes each event
     * as the pipeline and producer would, dropping the bytes.
     */
    private static Phase relayOnly(String target, Instant since, int events, String registryUrl) throws InterruptedException {
        RelaySettings relay = new RelaySettings(target, false, null, null, null, null, List.of(), List.of(), since,
                Duration.ofMillis(200), Duration.ofSeconds(5));
        FlowMapper mapper = new FlowMapper();
        SchemaRegistryClient registry = registryUrl == null ? null : SchemaRegistryClient.builder(registryUrl).build();
        Serializer<SpecificRecord> values = registry == null ? null : FlowEventSerde.create(registry).serializer();
        FlowSchemaId schemaId = registry == null ? null : new FlowSchemaId(registry, TOPIC_RELAY_ONLY);
        if (schemaId != null && schemaId.get() == null) {
            throw new IllegalStateException("the registry did not register the flows value schema");
        }
        AvroFlowEncoder encoder = new AvroFlowEncoder();
        AtomicLong handled = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (RelayClient client = new RelayClient(relay)) {
            Thread follower = new Thread(() -> {
                try {
                    client.follow(new ResponseHandler() {
                        @Override
                        public void handleFlow(FlowResponseView flow) {
                            if (values != null) {
                                byte[] value = encoder.encode(flow, schemaId.get());
                                bytes.addAndGet(value.length);
                            }
                            handled.incrementAndGet();
                        }

                        @Override
                        public void handle(GetFlowsResponse response) {
                            if (values != null) {
                                var mapped = mapper.map(response);
                                if (mapped.record() != null) {
                                    bytes.addAndGet(values.serialize(TOPIC_RELAY_ONLY, mapped.record()).length);
                                }
                            }
                            handled.incrementAndGet();
                        }

                        @Override
                        public void invalid(byte[] message, String reason) {
                            failure.set(new IllegalStateException(reason));
                        }
                    }, () -> handled.get() >= events);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            }, "bench-relay-only");
            CpuMeter cpu = new CpuMeter();
            long start = System.nanoTime();
            follower.start();
            long deadline = start + Duration.ofMinutes(10).toNanos();
            while (handled.get() < events) {
                if (failure.get() != null || System.nanoTime() > deadline) {
                    throw new IllegalStateException("relay only: " + handled.get() + " of " + events + " events", failure.get());
                }
                Thread.sleep(2);
            }
            CpuMeter.Usage usage = cpu.stop();
            follower.interrupt();
            follower.join(10_000);
            return new Phase(events, usage);
        }
    }

    private static List<String> runNames(int runs, int warmups) {
        List<String> names = new ArrayList<>(List.of("warmup"));
        for (int w = 1; w <= warmups; w++) {
            names.add("warmup" + w);
        }
        for (int run = 1; run <= runs; run++) {
            names.add("run" + run);
        }
        return names;
    }

    /**
     * Creates every topic of the benchmark up front and waits until each partition has a leader:
     * an idempotent producer that sends into a partition whose leader is still being elected can
     * get stuck retrying OUT_OF_ORDER_SEQUENCE_NUMBER with an unbounded delivery timeout.
     */
    private static void createTopics(String bootstrap, List<String> topics, int partitions) throws Exception {
        new TopicProvisioner(bootstrap, new Properties()).ensure(topics, null, partitions, (short) 1, -1);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                boolean allLed = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (allLed) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics without a leader after 60 s: " + topics);
                }
                Thread.sleep(200);
            }
        }
        Thread.sleep(2_000);
    }

    /** The records ingest would send for {@code input}, keyed and serialized as FlowPublisher does. */
    private static List<ProducerRecord<byte[], byte[]>> preSerialize(List<GetFlowsResponse> input, String registryUrl, String topic) {
        FlowMapper mapper = new FlowMapper();
        Serializer<SpecificRecord> values = FlowEventSerde.create(SchemaRegistryClient.builder(registryUrl).build()).serializer();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(input.size());
        for (GetFlowsResponse response : input) {
            var mapped = mapper.map(response);
            if (mapped.record() != null) {
                out.add(new ProducerRecord<>(topic, mapped.nodeName().getBytes(StandardCharsets.UTF_8),
                        values.serialize(topic, mapped.record())));
            }
        }
        return out;
    }

    /** Records per second of the raw producer, send of the first record to the end of flush(). */
    private static Phase baseline(String bootstrap, List<ProducerRecord<byte[], byte[]>> prepared, String topic)
            throws InterruptedException {
        Properties props = ProducerSettings.flows(bootstrap, new Properties());
        props.put("client.id", "bench-raw");
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(topic); // metadata before the clock starts, as ingest's producer has it after its first send
            CpuMeter cpu = new CpuMeter();
            for (ProducerRecord<byte[], byte[]> r : prepared) {
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (metadata, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                    } else {
                        failed.compareAndSet(null, error);
                    }
                });
            }
            awaitAcks(acked::get, prepared.size(), "baseline");
            producer.flush();
            CpuMeter.Usage usage = cpu.stop();
            if (Boolean.getBoolean("bench.threads")) {
                System.out.println("  baseline threads (cores): " + cpu.busiestThreads(4));
            }
            if (failed.get() != null || acked.get() != prepared.size()) {
                throw new IllegalStateException("baseline: " + acked.get() + " of " + prepared.size() + " acknowledged", failed.get());
            }
            return new Phase(prepared.size(), usage);
        }
    }

    /** Events per second through relay ingest, connection to the end of the producer's flush. */
    private static Phase ingest(String bootstrap, String registryUrl, int partitions, String target, Instant since,
                                 int events, String topic) throws Exception {
        IngestSettings settings = new IngestSettings(bootstrap, registryUrl, topic, topic + ".nodes", topic + ".dlq",
                partitions, (short) 1, -1, new Properties(), "127.0.0.1", 0);
        RelaySettings relay = new RelaySettings(target, false, null, null, null, null, List.of(), List.of(), since,
                Duration.ofMillis(200), Duration.ofSeconds(5));
        try (IngestService ingest = IngestService.create(settings,
                new RelaySource("simulator", relay.target(), new RelayClient(relay)), NodeSource.NONE)) {
            IngestPipeline pipeline = ingest.pipeline();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread follower = new Thread(() -> {
                try {
                    ingest.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "bench-relay-follower");
            CpuMeter cpu = new CpuMeter();
            long start = System.nanoTime();
            ingest.start();
            follower.start();
            IngestCounters c = pipeline.counters();
            long deadline = start + Duration.ofMinutes(10).toNanos();
            while (handled(c) < events) {
                if (failure.get() != null || System.nanoTime() > deadline) {
                    throw new IllegalStateException("ingest handled " + handled(c) + " of " + events + " events", failure.get());
                }
                Thread.sleep(2);
            }
            awaitAcks(ingest.publisher()::acked, c.flows() + c.lostEventRecords(), "ingest");
            ingest.publisher().flush();
            CpuMeter.Usage usage = cpu.stop();
            if (Boolean.getBoolean("bench.threads")) {
                System.out.println("  ingest threads (cores): " + cpu.busiestThreads(6));
            }
            ingest.stop();
            follower.interrupt(); // the stream is idle now: stop is only seen with the next event
            follower.join(10_000);
            long published = c.flows() + c.lostEventRecords();
            if (ingest.publisher().acked() != published || ingest.publisher().deadLettered() != 0) {
                throw new IllegalStateException("ingest: " + ingest.publisher().acked() + " of " + published
                        + " acknowledged, " + ingest.publisher().deadLettered() + " dead-lettered");
            }
            return new Phase(events, usage);
        }
    }

    /** Waits for the acknowledgements of {@code expected} records; fails after five minutes instead of hanging. */
    private static void awaitAcks(java.util.function.LongSupplier acked, long expected, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (acked.getAsLong() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": only " + acked.getAsLong() + " of " + expected
                        + " records acknowledged after five minutes");
            }
            Thread.sleep(1);
        }
    }

    private static long handled(IngestCounters c) {
        return c.flows() + c.lostEventRecords() + c.nodeStatus() + c.other() + c.invalid() + c.mappingFailed();
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
