package io.flowpulse.replay;

import io.flowpulse.ingest.CaptureIngest;
import io.flowpulse.ingest.CaptureSource;
import io.flowpulse.ingest.IngestCounters;
import io.flowpulse.ingest.IngestPipeline;
import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.ingest.capture.CaptureFiles;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.runtime.service.ServiceUnavailableException;
import io.flowpulse.runtime.service.UnreadableInputException;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.streams.logic.naming.TopologyFile;
import io.flowpulse.replay.report.ReplayReport;
import io.flowpulse.replay.report.ReportInput;
import io.flowpulse.streams.topology.EndOfStream;
import io.flowpulse.streams.topology.FlowpulseTopology;
import io.flowpulse.streams.topology.PipelineMetrics;
import io.flowpulse.streams.topology.RegistrySerdes;
import io.flowpulse.streams.topology.TopologySettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;

/**
 * One offline replay of capture files through the analytics topology (analytics spec section 7):
 * <ol>
 * <li>creates the replay's own topics ({@link ReplayTopics});</li>
 * <li>starts the ingest service on the captures, as {@code flowpulse ingest --file} runs it: it publishes
 *     the topology file's nodes, then flows and lost-events records (invalid lines to the dead-letter
 *     topic, counted);</li>
 * <li>starts the analytics topology with the streams service in this JVM under an application id of its
 *     own, and once the captures are read sends an {@link EndOfStream} marker to every flows partition;</li>
 * <li>waits until the topology has consumed every flows record including the markers and stage 2
 *     every partial aggregate and watermark they caused: the application's committed offsets equal the
 *     end offsets of the flows topic and then of its repartition (partials) topics, after every marker
 *     was seen;</li>
 * <li>reads the output topics to their end and builds the {@link ReplayReport}.</li>
 * </ol>
 * Close it to stop the topology, delete its local state and (unless asked to keep them) its topics.
 */
public final class Replay implements ReplayEngine {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final ReplaySettings settings;
    private final ReplayTopics topics;
    private final PrintStream progress;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final RateSinceLast rate = new RateSinceLast();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PipelineMetrics metrics = new PipelineMetrics(meters);
    private volatile IngestService ingest;
    private ReplayAdmin admin;
    private ReplayTopology topology;
    private boolean topicsCreated;

    /** @param progress where progress lines go (stderr for the command); null for none */
    public Replay(ReplaySettings settings, PrintStream progress) {
        if (!settings.throughKafka()) {
            throw new IllegalArgumentException("a replay through Kafka needs a cluster and its registry");
        }
        this.settings = settings;
        this.topics = settings.topics();
        this.progress = progress;
    }

    public ReplayTopics topics() {
        return topics;
    }

    /** Asks a running replay to stop; {@link #run} then throws {@link InterruptedException}. */
    @Override
    public void stop() {
        stopping.set(true);
        IngestService reading = ingest;
        if (reading != null) {
            reading.stop();
        }
    }

    /**
     * @throws java.nio.file.NoSuchFileException when an input does not exist
     * @throws AccessDeniedException             when an input file cannot be read
     * @throws ReplayException                   when a step of the replay fails
     */
    @Override
    public ReplayResult run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<Path> files = readableFiles(settings.inputs());
        List<Node> nodes = settings.topologyFile() == null ? List.of() : TopologyFile.read(settings.topologyFile());

        admin = new ReplayAdmin(settings.bootstrapServers(), settings.kafkaOverrides());
        admin.createTopics(topics, settings.flowsPartitions());
        topicsCreated = true;
        SchemaRegistryClient registry = settings.registryClient();
        registerSchemas(registry);

        CaptureSource capture = new CaptureSource("replay", files, null, settings.inputLimits().capture());
        CaptureIngest.Result read;
        IngestPipeline pipeline;
        try (IngestService ingest = IngestService.create(ingestSettings(), capture, NodeSource.of(nodes));
             ProgressPrinter printer = progress == null ? null : new ProgressPrinter(this::progressLine, progress,
                     ProgressPrinter.onTerminal(), PROGRESS_EVERY)) {
            pipeline = ingest.pipeline();
            startIngest(ingest, nodes, files.size());
            startTopology(nodes, registry);
            read = awaitRead(ingest, capture);
            sendEndMarkers(read);
            say("replay %s: %,d records read in %.1f s; waiting for the analytics to finish", topics.runId(),
                    read.totals().records(), read.seconds());
            awaitTopologyDone();
        }
        ReplayOutputs outputs = readOutputs(registry);
        long invalid = read.totals().invalid() + read.mappingFailures();
        long records = read.totals().records() - invalid;
        ReportInput input = new ReportInput(files.stream().map(Path::toString).toList(), records,
                pipeline.counters().flows(), pipeline.counters().lostEventRecords(), invalid,
                (long) metrics.lateRecords().count(), read.firstTime(), read.lastTime());
        ReplayReport report = ReplayReport.of(input, settings.windowSize().toSeconds(), outputs.links(),
                outputs.dns(), outputs.latency(), outputs.alerts());
        long unpublished = pipeline.publisher().deadLettered();
        return new ReplayResult(report, read.unreadableFiles(), unpublished, (long) metrics.deadLetters().count(),
                outputs.duplicates(),
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * The ingest service publishes the topology file's nodes (acknowledged before the analytics start,
     * so their inventory has every node from the first flow on), then reads the captures in the background.
     */
    private void startIngest(IngestService ingest, List<Node> nodes, int files) throws InterruptedException {
        this.ingest = ingest;
        if (stopping.get()) {
            throw new InterruptedException("stopped before the input was read");
        }
        try {
            ingest.start();
        } catch (ServiceUnavailableException e) {
            throw new KafkaUnavailableException(e.getMessage(), e);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ReplayException("cannot start reading the input: " + e.getMessage(), e);
        }
        if (!nodes.isEmpty()) {
            say("replay %s: %d node(s) of %s published to %s", topics.runId(), nodes.size(),
                    settings.topologyFile(), topics.nodes());
        }
        say("replay %s: reading %d file(s) into %s", topics.runId(), files, topics.flows());
    }

    /** What the ingest service read, once it read to the end; files that broke off are counted, not thrown. */
    private static CaptureIngest.Result awaitRead(IngestService ingest, CaptureSource capture)
            throws IOException, InterruptedException {
        try {
            ingest.await();
        } catch (UnreadableInputException e) {
            if (e.getCause() instanceof IOException missing) {
                throw missing;
            }
        } catch (InterruptedException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ReplayException("reading the input failed: " + e.getMessage(), e);
        }
        return capture.result();
    }

    /** The files to read, each checked for readability before anything is started. */
    public static List<Path> readableFiles(List<Path> inputs) throws IOException {
        List<Path> files = CaptureFiles.resolve(inputs);
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new AccessDeniedException(file.toString(), null, "capture file is not readable");
            }
        }
        if (files.isEmpty()) {
            throw new java.nio.file.NoSuchFileException(inputs.toString(), null, "no capture files in the inputs");
        }
        return files;
    }

    private IngestSettings ingestSettings() {
        return new IngestSettings(settings.bootstrapServers(), settings.registryUrl(), topics.flows(), topics.nodes(),
                topics.dlq(), settings.flowsPartitions(), (short) 1, -1L, settings.kafkaOverrides(), "127.0.0.1", 0,
                settings.registrySettings(), settings.inputLimits());
    }

    /**
     * Registers the value schema of every replay topic once, before any client writes: several
     * stream threads registering the same new subject at the same moment can make a registry
     * (Apicurio seen here) answer one of them with a conflict, which would dead-letter a result.
     */
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

    private void startTopology(List<Node> nodes, SchemaRegistryClient registry) throws IOException,
            InterruptedException {
        TopologySettings topologySettings = settings.topologySettings(nodes);
        topology = new ReplayTopology(FlowpulseTopology.build(topologySettings, new RegistrySerdes(registry), metrics),
                topics.runId(), stateDir -> ReplayStreamsConfig.of(settings, topics, stateDir, metrics), metrics,
                meters);
        topology.start(stopping::get);
    }

    private void sendEndMarkers(CaptureIngest.Result read) {
        EndMarkers.send(settings, topics.flows(), admin.partitions(topics.flows()), read.lastTime(), "flowpulse-replay-end-markers");
    }

    /**
     * Done when stage 1 has read the marker of every flows partition and the application has
     * committed the flows topic and then its repartition topics (the partials between the two stages)
     * up to their end: at-least-once processing
     * flushes what a record produced before committing its offset, so by then stage 2 has written
     * every final window and alert.
     */
    private void awaitTopologyDone() throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        int partitions = admin.partitions(topics.flows());
        while (true) {
            topology.failIfStopped();
            if (stopping.get()) {
                throw new InterruptedException("stopped before the analytics finished");
            }
            if (metrics.endMarkers().count() >= partitions && caughtUp(List.of(topics.flows()))) {
                List<String> repartition = admin.repartitionTopics(topics);
                if (!repartition.isEmpty() && caughtUp(repartition)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ReplayException("the analytics did not finish within " + settings.timeout().toMinutes()
                        + " min: " + progressText());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private boolean caughtUp(List<String> topicNames) {
        Map<TopicPartition, Long> ends = admin.endOffsets(topicNames);
        return GroupProgress.lag(ends, admin.committed(topics.applicationId())) == 0;
    }

    private ReplayOutputs readOutputs(SchemaRegistryClient registry) {
        Map<TopicPartition, Long> ends = admin.endOffsets(topics.outputs());
        return new OutputReader(settings.bootstrapServers(), settings.kafkaOverrides(), registry, topics)
                .readUpTo(ends, Duration.ofMinutes(5));
    }

    private long flowsPublished() {
        IngestService reading = ingest;
        return reading == null ? 0 : reading.pipeline().counters().flows();
    }

    private String progressLine() {
        return String.format("  %s; %,.0f flows/s", progressText(), rate.perSecond(flowsPublished()));
    }

    private String progressText() {
        IngestService reading = ingest;
        IngestCounters read = reading == null ? null : reading.pipeline().counters();
        long records = read == null ? 0 : read.flows() + read.lostEventRecords() + read.other() + read.nodeStatus()
                + read.invalid() + read.mappingFailed();
        long windows = (long) (metrics.windowsClosed("link").count() + metrics.windowsClosed("dns").count()
                + metrics.windowsClosed("latency").count());
        return String.format("%,d records read, %,d flows published, %,d records analysed, %,d late, "
                        + "%,d windows closed, %,d alert changes", records, read == null ? 0 : read.flows(),
                (long) metrics.inputRecords().count(), (long) metrics.lateRecords().count(), windows,
                (long) (metrics.alerts("FIRING").count() + metrics.alerts("RESOLVED").count()));
    }

    private void say(String format, Object... args) {
        say(String.format(format, args));
    }

    private void say(String line) {
        if (progress != null) {
            progress.println(line);
        }
    }

    /** Stops the topology, deletes its local state and, unless they are to be kept, the replay's topics. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        if (topology != null) {
            try {
                topology.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (admin != null) {
            try {
                if (topicsCreated && !settings.keepTopics()) {
                    admin.deleteTopics(topics);
                }
            } catch (RuntimeException e) {
                failures.add(e);
            } finally {
                admin.close();
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
