package io.flowpulse.cli.demo;

import io.flowpulse.cli.ExitCodes;
import io.flowpulse.ingest.IngestPipeline;
import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.ingest.relay.RelaySettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.simulator.HubbleSimulator;
import io.flowpulse.simulator.Pacing;
import io.flowpulse.simulator.capture.ClusterTopology;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.sink.SinkService;
import io.flowpulse.sink.SinkSettings;
import io.flowpulse.localstack.ClickHouseServer;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.streams.app.StreamsSettings;
import io.flowpulse.streams.logic.naming.TopologyFile;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs every stage of Flowpulse on one machine: local Kafka, registry and ClickHouse, the
 * simulated cluster (or a real relay), ingest, streams and sink, and a view of the results
 * read back from the output topics. Stops after the duration or on Ctrl-C, leaving nothing
 * running.
 */
public final class DemoPipeline {

    /** Everything the demo command's options say. */
    public record Options(Duration duration, String relay, Path topology, Path model, long seed, double speed,
                          double rate, Duration refresh, Path workDir, boolean plain, boolean wantSink) {
    }

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public DemoPipeline(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public int run() throws Exception {
        Thread hook = new Thread(() -> {
            stopRequested.set(true);
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "flowpulse-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        List<AutoCloseable> running = new ArrayList<>();
        try {
            return runStages(running);
        } finally {
            status("stopping every stage...");
            for (int i = running.size() - 1; i >= 0; i--) {
                try {
                    running.get(i).close();
                } catch (Exception e) {
                    err.println("flowpulse demo: while stopping: " + e);
                }
            }
            status("stopped; nothing is left running");
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is waiting for us
            }
        }
    }

    private int runStages(List<AutoCloseable> running) throws Exception {
        Files.createDirectories(options.workDir());
        status("starting Kafka and the schema registry under " + options.workDir() + " ...");
        LocalStack stack = LocalStack.create(options.workDir().resolve("stack"));
        running.add(stack);
        stack.startKafkaAndRegistry();
        String bootstrap = stack.kafka().bootstrapServers();
        String registryUrl = stack.registry().url();
        String clickHouseUrl = startClickHouse(stack);
        if (stopRequested.get()) {
            return ExitCodes.INTERRUPTED;
        }

        Map<String, String> common = new HashMap<>();
        common.put("kafka.bootstrap.servers", bootstrap);
        common.put("schema.registry.url", registryUrl);
        common.put("http.host", "127.0.0.1");
        common.put("http.port", "0");

        // the source: the simulator starts last, once everything downstream is listening
        String target = options.relay();
        Path topology = options.topology();
        ClusterModel model = null;
        SimulationOptions simulation = null;
        if (target == null) {
            model = options.model() == null ? ModelLoader.defaultModel() : ModelLoader.load(options.model());
            simulation = simulationOptions(model);
            target = "127.0.0.1:" + freePort();
            topology = options.workDir().resolve("topology.yaml");
            ClusterTopology.write(new Simulation(model, simulation).cluster(), topology);
        }

        // ingest
        IngestService ingest = new IngestService(IngestSettings.from(config(IngestSettings.DEFAULTS, common)), true);
        running.add(ingest);
        if (topology != null) {
            List<Node> nodes = TopologyFile.read(topology);
            ingest.nodeInventory().publishAll(nodes);
        }
        IngestPipeline pipeline = ingest.pipeline(simulation == null ? "relay" : "simulator");
        RelaySettings relay = simulation == null ? RelaySettings.plaintext(target)
                : new RelaySettings(target, false, null, null, null, null, List.of(), List.of(), simulation.start(),
                        Duration.ofMillis(100), Duration.ofSeconds(2));
        Thread ingestThread = daemon("demo-ingest", () -> ingest.followRelay(relay, pipeline));

        // streams
        Map<String, String> streamsOverrides = new HashMap<>(common);
        streamsOverrides.put("streams.state.dir", options.workDir().resolve("streams-state").toString());
        streamsOverrides.put("streams.application.id", "flowpulse-demo-" + System.currentTimeMillis());
        if (topology != null) {
            streamsOverrides.put("streams.topology.file", topology.toString());
        }
        StreamsApp streams = new StreamsApp(StreamsSettings.from(config(StreamsSettings.DEFAULTS, streamsOverrides)));
        running.add(streams);
        streams.start();

        // sink
        SinkService sink = null;
        if (clickHouseUrl != null) {
            Map<String, String> sinkOverrides = new HashMap<>(common);
            sinkOverrides.put("clickhouse.url", clickHouseUrl);
            sink = new SinkService(SinkSettings.from(config(SinkSettings.DEFAULTS, sinkOverrides)));
            running.add(sink);
            SinkService s = sink;
            daemon("demo-sink", () -> s.run(Duration.ofMinutes(1)));
        }

        HubbleSimulator simulator = null;
        if (simulation != null) {
            simulator = HubbleSimulator.builder().model(model).options(simulation).pacing(Pacing.REALTIME)
                    .speed(options.speed()).listen("127.0.0.1", Integer.parseInt(target.substring(target.indexOf(':') + 1)))
                    .start();
            running.add(simulator);
            status("simulated cluster '" + simulator.simulation().cluster().name() + "' serving the Hubble API on "
                    + simulator.target() + " at x" + options.speed() + " speed");
        }

        // the view, reading what a user would read
        ResultsFollower results = new ResultsFollower(bootstrap, SinkService.avroValues(registryUrl),
                List.of(Topics.LINKS, Topics.DNS, Topics.LATENCY, Topics.ALERTS));
        running.add(results);
        results.start();

        List<String> where = new ArrayList<>();
        where.add("Kafka " + bootstrap + "  topics " + String.join(", ", Topics.ALL));
        where.add("Schema registry " + registryUrl);
        where.add(clickHouseUrl == null ? "ClickHouse: not running (sink off)"
                : "ClickHouse " + clickHouseUrl + "  database flowpulse: link_windows, dns_windows, latency_windows, alerts");
        where.add("Metrics: ingest " + ingest.endpoint().url() + "/metrics  streams " + streams.endpoint().url()
                + "/metrics" + (sink == null ? "" : "  sink " + sink.endpoint().url() + "/metrics"));
        where.add(simulator == null ? "Source: Hubble Relay " + target
                : "Source: simulated cluster (Hubble API on " + target + "), x" + options.speed() + " speed");

        StageRates rates = new StageRates();
        long start = System.nanoTime();
        long end = options.duration() == null ? Long.MAX_VALUE : start + options.duration().toNanos();
        HubbleSimulator sim = simulator;
        SinkService sinkService = sink;
        while (!stopRequested.get() && System.nanoTime() < end && failure.get() == null
                && streams.failure() == null) {
            sleep(Math.min(options.refresh().toNanos(), Math.max(0, end - System.nanoTime())));
            double elapsed = (System.nanoTime() - start) / 1e9;
            List<DemoSnapshot.Stage> stages = new ArrayList<>();
            if (sim != null) {
                stages.add(rates.stage("simulator", sim.feed().emitted(), elapsed, "events generated"));
            }
            stages.add(rates.stage("ingest", pipeline.counters().flows() + pipeline.counters().lostEventRecords(), elapsed,
                    String.format("acked by Kafka %,d", ingest.publisher().acked())));
            stages.add(rates.stage("streams", (long) streams.metrics().inputRecords().count(), elapsed,
                    String.format("windows closed %,d, alerts %,d, late %,d",
                            (long) (streams.metrics().windowsClosed("links").count()
                                    + streams.metrics().windowsClosed("dns").count()
                                    + streams.metrics().windowsClosed("latency").count()),
                            (long) (streams.metrics().alerts("FIRING").count() + streams.metrics().alerts("RESOLVED").count()),
                            (long) streams.metrics().lateRecords().count())));
            if (sinkService != null) {
                stages.add(rates.stage("sink", sinkService.sink().recordsHandled(), elapsed, "records written to ClickHouse"));
            }
            stages.add(rates.stage("view", results.read("links") + results.read("dns") + results.read("latency")
                    + results.read("alerts"), elapsed, "window and alert records read back from Kafka"));
            DemoSnapshot snapshot = new DemoSnapshot(elapsed, stages, results.links(), results.dns(), results.latency(),
                    results.alerts(), results.latestWindowEnd(), where);
            if (!options.plain()) {
                out.print("\033[H\033[2J");
            } else {
                out.println("-".repeat(100));
            }
            out.print(DemoScreen.render(snapshot));
            out.flush();
        }

        boolean ok = failure.get() == null && streams.failure() == null;
        if (!ok) {
            Throwable t = failure.get() != null ? failure.get() : streams.failure();
            err.println("flowpulse demo: a stage failed: " + t);
        }
        if (sinkService != null) {
            awaitSinkCaughtUp(sinkService, results);
            out.println(clickHouseSummary(stack.clickHouse()));
        }
        out.printf("demo summary: %,d flows ingested, %,d alert state changes (%d FIRING), %s%n",
                pipeline.counters().flows(), results.alerts().size(),
                results.alerts().stream().filter(a -> a.getState().equals("FIRING")).count(),
                stopRequested.get() ? "stopped by Ctrl-C" : "finished");
        out.flush();
        if (stopRequested.get()) {
            return ExitCodes.INTERRUPTED;
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** Lets the sink write what the view has already read, so the summary counts match. */
    private static void awaitSinkCaughtUp(SinkService sink, ResultsFollower results) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        long target = results.read("links") + results.read("dns") + results.read("latency") + results.read("alerts");
        while (sink.sink().recordsHandled() < target && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private String startClickHouse(LocalStack stack) {
        if (!options.wantSink()) {
            status("sink off (--no-sink)");
            return null;
        }
        if (!ClickHouseServer.isInstalled()) {
            status("ClickHouse is not installed (" + ClickHouseServer.INSTALL_HINT + "); running without the sink");
            return null;
        }
        try {
            return stack.clickHouse().httpUrl();
        } catch (RuntimeException e) {
            status("ClickHouse could not be started (" + e.getMessage().lines().findFirst().orElse("") + ");"
                    + " running without the sink");
            return null;
        }
    }

    private SimulationOptions simulationOptions(ClusterModel model) {
        // with a speed-up, start in the past so that the simulated clock reaches "now" at the end
        Instant start = options.duration() == null ? Instant.now()
                : Instant.now().minus(Duration.ofMillis((long) (options.duration().toMillis() * (options.speed() - 1))));
        SimulationOptions simulation = SimulationOptions.forModel(model).withSeed(options.seed()).withStart(start);
        return simulation.withRateScale(Simulation.rateScaleFor(model, simulation, options.rate()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String clickHouseSummary(ClickHouseServer clickHouse) {
        StringBuilder sb = new StringBuilder("ClickHouse holds:");
        for (String table : List.of("link_windows", "dns_windows", "latency_windows", "alerts")) {
            String count;
            try {
                count = clickHouse.query("SELECT count() FROM flowpulse." + table + " FINAL").trim();
            } catch (RuntimeException e) {
                count = "? (" + e.getMessage() + ")";
            }
            sb.append(' ').append(table).append('=').append(count);
        }
        return sb.toString();
    }

    private static Config config(Map<String, String> defaults, Map<String, String> overrides) {
        return Config.builder().defaults(defaults).overrides(overrides).build();
    }

    private interface Body {
        void run() throws Exception;
    }

    private Thread daemon(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception | Error e) {
                if (!stopRequested.get()) {
                    failure.compareAndSet(null, e);
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void status(String message) {
        err.println("flowpulse demo: " + message);
        err.flush();
    }

    private static void sleep(long nanos) throws InterruptedException {
        Thread.sleep(Math.max(1, nanos / 1_000_000));
    }

    /** Per-second rates between two views. */
    private static final class StageRates {
        private final Map<String, long[]> last = new HashMap<>();

        DemoSnapshot.Stage stage(String name, long total, double elapsed, String detail) {
            long[] prev = last.getOrDefault(name, new long[] {0, 0});
            double seconds = Math.max(1e-3, elapsed - prev[1] / 1000.0);
            double rate = (total - prev[0]) / seconds;
            last.put(name, new long[] {total, (long) (elapsed * 1000)});
            return new DemoSnapshot.Stage(name, total, rate, detail);
        }
    }

}
