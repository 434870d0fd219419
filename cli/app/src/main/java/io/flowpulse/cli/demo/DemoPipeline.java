package io.flowpulse.cli.demo;

import io.flowpulse.console.ConsoleService;
import io.flowpulse.console.ConsoleSettings;
import io.flowpulse.ingest.IngestClients;
import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.ingest.RelaySource;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.ingest.relay.RelayClient;
import io.flowpulse.ingest.relay.RelaySettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.service.ServiceRunner;
import io.flowpulse.schemas.Topics;
import io.flowpulse.simulator.HubbleSimulator;
import io.flowpulse.simulator.Pacing;
import io.flowpulse.simulator.capture.ClusterTopology;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.sink.SinkClients;
import io.flowpulse.sink.SinkService;
import io.flowpulse.sink.SinkSettings;
import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.streams.app.StreamsSettings;
import io.flowpulse.streams.logic.naming.TopologyFile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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

/**
 * The demo's composition: every stage of Flowpulse on one machine as services run by one
 * {@link ServiceRunner}, in this order: the local stack ({@link DemoStack}), ingest following the
 * simulated cluster (or a real relay), streams, the sink (when ClickHouse runs), the console, the simulator (last
 * of the stages, once everything downstream listens) and the view ({@link DemoView}). Each is built
 * when its turn comes, from the addresses of the ones before it. Stops after the duration or on
 * Ctrl-C, leaving nothing running.
 */
public final class DemoPipeline {

    /** Everything the demo command's options say. */
    public record Options(Duration duration, String relay, Path topology, Path model, long seed, double speed,
                          double rate, Duration refresh, Path workDir, boolean plain, boolean wantSink,
                          int consolePort, Map<String, String> settings) {
    }

    private static final String HOST = "127.0.0.1";
    public static final int DEFAULT_CONSOLE_PORT = 9405;

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> metricsUrls = new HashMap<>();
    private DemoStack stack;
    private Source source;
    private IngestService ingest;
    private StreamsApp streams;
    private SinkService sink;
    private ConsoleService console;
    private HubbleSimulator simulator;

    public DemoPipeline(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Where the flows come from: the simulated cluster on a port of its own, or a real relay. */
    private record Source(String target, Path topology, ClusterModel model, SimulationOptions simulation) {
        boolean simulated() {
            return simulation != null;
        }
    }

    public int run() throws IOException {
        Files.createDirectories(options.workDir());
        stack = new DemoStack(options.workDir(), options.wantSink(), this::status);
        ServiceRunner runner = new ServiceRunner("flowpulse demo");
        runner.add(stack)
                .addLater(this::ingest, HOST, 0, url -> metricsUrls.put("ingest", url))
                .addLater(this::streams, HOST, 0, url -> metricsUrls.put("streams", url))
                .addLater(this::sink, HOST, 0, url -> metricsUrls.put("sink", url))
                .addLater(this::console, HOST, 0, url -> {
                    metricsUrls.put("console", url);
                    out.println("Console: " + console.url());
                    out.flush();
                })
                .addLater(this::simulator)
                .addLater(() -> view(runner))
                .whenDone(code -> status("stopped; nothing is left running"));
        return runner.run();
    }

    private Source source() {
        try {
            return simulatedOrRelay();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the simulated cluster: " + e.getMessage(), e);
        }
    }

    private Source simulatedOrRelay() throws IOException {
        if (options.relay() != null) {
            return new Source(options.relay(), options.topology(), null, null);
        }
        ClusterModel model = options.model() == null ? ModelLoader.defaultModel() : ModelLoader.load(options.model());
        SimulationOptions simulation = simulationOptions(model);
        Path topology = options.workDir().resolve("topology.yaml");
        ClusterTopology.write(new Simulation(model, simulation).cluster(), topology);
        return new Source(HOST + ":" + freePort(), topology, model, simulation);
    }

    private IngestService ingest() {
        source = source();
        IngestSettings settings = IngestSettings.from(config(IngestSettings.DEFAULTS, common()));
        RelaySettings relay = source.simulated()
                ? new RelaySettings(source.target(), false, null, null, null, null, List.of(), List.of(),
                        source.simulation().start(), Duration.ofMillis(100), Duration.ofSeconds(2))
                : RelaySettings.plaintext(source.target());
        NodeSource nodes = source.topology() == null ? NodeSource.NONE
                : NodeSource.of(TopologyFile.read(source.topology()));
        ingest = new IngestService(IngestClients.create(settings),
                new RelaySource(source.simulated() ? "simulator" : "relay", source.target(), new RelayClient(relay)),
                nodes);
        return ingest;
    }

    private StreamsApp streams() {
        Map<String, String> overrides = common();
        overrides.put("streams.state.dir", options.workDir().resolve("streams-state").toString());
        overrides.put("streams.application.id", "flowpulse-demo-" + System.currentTimeMillis());
        if (source.topology() != null) {
            overrides.put("streams.topology.file", source.topology().toString());
        }
        streams = new StreamsApp(StreamsSettings.from(config(StreamsSettings.DEFAULTS, overrides)));
        return streams;
    }

    /** The sink, or nothing when ClickHouse does not run. */
    private SinkService sink() {
        if (stack.clickHouseUrl() == null) {
            return null;
        }
        Map<String, String> overrides = common();
        overrides.put("clickhouse.url", stack.clickHouseUrl());
        SinkSettings settings = SinkSettings.from(config(SinkSettings.DEFAULTS, overrides));
        sink = new SinkService(settings, SinkClients.create(settings), Metrics.newRegistry("sink"), Duration.ofMinutes(1));
        return sink;
    }

    /** The browser console on 127.0.0.1, filled from ClickHouse's history when the sink runs. */
    private ConsoleService console() {
        Map<String, String> overrides = common();
        overrides.put("console.host", HOST);
        overrides.put("console.port", Integer.toString(consolePort()));
        if (stack.clickHouseUrl() != null) {
            overrides.put("clickhouse.url", stack.clickHouseUrl());
        }
        console = ConsoleService.create(ConsoleSettings.from(config(ConsoleSettings.DEFAULTS, overrides)));
        return console;
    }

    /** The port asked for, or any free one when the default one is taken (a second demo, say). */
    private int consolePort() {
        int wanted = options.consolePort();
        if (wanted != DEFAULT_CONSOLE_PORT) {
            return wanted;
        }
        try (ServerSocket probe = new ServerSocket(wanted, 1, InetAddress.getByName(HOST))) {
            return wanted;
        } catch (IOException taken) {
            return 0;
        }
    }

    private HubbleSimulator simulator() {
        if (!source.simulated()) {
            return null;
        }
        String target = source.target();
        simulator = HubbleSimulator.builder().model(source.model()).options(source.simulation())
                .pacing(Pacing.REALTIME).speed(options.speed())
                .listen(HOST, Integer.parseInt(target.substring(target.indexOf(':') + 1))).build();
        return simulator;
    }

    /** The view, once every stage has started. */
    private DemoView view(ServiceRunner runner) {
        if (simulator != null) {
            status("simulated cluster '" + simulator.simulation().cluster().name() + "' serving the Hubble API on "
                    + simulator.target() + " at x" + options.speed() + " speed");
        }
        return new DemoView(options, stack, new DemoView.Stages(simulator, ingest, streams, sink), where(), out,
                runner::stoppedBySignal, this::status);
    }

    /** Where the data is: Kafka and its topics, the registry, ClickHouse, each stage's metrics, the source. */
    private List<String> where() {
        List<String> lines = new ArrayList<>();
        lines.add("Kafka " + stack.bootstrapServers() + "  topics " + String.join(", ", Topics.ALL));
        lines.add("Schema registry " + stack.registryUrl());
        lines.add(stack.clickHouseUrl() == null ? "ClickHouse: not running (sink off)"
                : "ClickHouse " + stack.clickHouseUrl()
                        + "  database flowpulse: link_windows, dns_windows, latency_windows, alerts");
        lines.add("Metrics: ingest " + metricsUrls.get("ingest") + "/metrics  streams " + metricsUrls.get("streams")
                + "/metrics" + (sink == null ? "" : "  sink " + metricsUrls.get("sink") + "/metrics")
                + "  console " + metricsUrls.get("console") + "/metrics");
        lines.add("Console: " + console.url());
        lines.add(simulator == null ? "Source: Hubble Relay " + source.target()
                : "Source: simulated cluster (Hubble API on " + source.target() + "), x" + options.speed() + " speed");
        return lines;
    }

    /**
     * The user's settings (file, environment, --set), then what every stage shares: the stack's Kafka and
     * registry, metrics on a free loopback port.
     */
    private Map<String, String> common() {
        Map<String, String> common = new HashMap<>(options.settings());
        common.put("kafka.bootstrap.servers", stack.bootstrapServers());
        common.put("schema.registry.url", stack.registryUrl());
        common.put("http.host", HOST);
        common.put("http.port", "0");
        return common;
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

    private static Config config(Map<String, String> defaults, Map<String, String> overrides) {
        return Config.builder().defaults(defaults).overrides(overrides).build();
    }

    private void status(String message) {
        err.println("flowpulse demo: " + message);
        err.flush();
    }
}
