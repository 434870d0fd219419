package io.flowpulse.cli;

import io.flowpulse.cli.simulate.SimulationProgress;
import io.flowpulse.runtime.service.ExitCodes;
import io.flowpulse.runtime.service.ServiceRunner;
import io.flowpulse.simulator.HubbleSimulator;
import io.flowpulse.simulator.Pacing;
import io.flowpulse.simulator.capture.CaptureWriter;
import io.flowpulse.simulator.capture.ClusterTopology;
import io.flowpulse.simulator.gen.FlowKind;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.gen.SimulationStats;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.FaultSpec;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.simulator.server.HubbleServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowpulse simulate}: a synthetic multi-subnet cluster that serves the Hubble API and writes captures. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a multi-subnet Kubernetes cluster as Hubble sees it, with injectable faults.",
            "TCP, HTTP, DNS, UDP, ICMP and world traffic between pods in several subnets.",
            "Serve it as a Hubble Relay (gRPC) and/or write a Hubble JSON capture and",
            "the matching topology file. The built-in model has 12 nodes in 5 subnets",
            "(lab-a, lab-b, lab-c, cloud-d, edge-e; edge-e only through a relay) and a",
            "20-minute story of faults that fire and resolve alerts.",
            "Same model, seed and --start give identical output."},
        footer = {"",
            "Faults: --fault KIND=TARGET[,start=MIN][,end=MIN][,key=value...]",
            "(minutes from the start; parameters and defaults in brackets):",
            "  policy-drop=shop/web->data/postgres   DROPPED, POLICY_DENIED [fraction=1]",
            "  packet-drop=shop/cart->data/redis     drops after the handshake [fraction=0.3,",
            "                                        reason=CT_MAP_INSERTION_FAILED]",
            "  relayed-path=edge-e                   [rttMs=180, jitterMs=75,",
            "                                        distribution=uniform]",
            "  degraded-path=cloud-d->lab-c          [rttMs=120, jitterMs=40,",
            "                                        distribution=exponential]",
            "  nxdomain=shop/web                     [fraction=0.8]",
            "  servfail=shop/catalog                 [fraction=0.3]",
            "  slow-dns=shop/cart                    answers after 0.6-1.5 s [fraction=0.3]",
            "  dga=shop/checkout                     random-looking names [fraction=0.3]",
            "  dns-storm=shop/catalog                query rate times [factor=10]",
            "  lost-events=lab-c-2                   lost-events records [every=5 s, max=500]",
            "Examples:",
            "  flowpulse simulate --listen 127.0.0.1:4245",
            "  flowpulse simulate --out capture.json.gz --topology-out topology.yaml",
            "  flowpulse simulate --no-faults --minutes 8 --out c.json \\",
            "      --fault policy-drop=shop/web->data/postgres,start=2,end=5"})
public final class SimulateCommand implements Callable<Integer> {

    private static final Instant DEFAULT_CAPTURE_START = SimulationOptions.DEFAULT_CAPTURE_START;
    private static final int DEFAULT_CAPTURE_MINUTES = 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", description = "Cluster model (YAML); default: the built-in model.")
    Path model;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Serve the Hubble Observer API (as Hubble Relay does) here, e.g. 127.0.0.1:4245.")
    String listen;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM server certificate (chain) for TLS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM (PKCS#8) private key of the server certificate.")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "FILE", description = "PEM CA that client certificates must chain to (mutual TLS).")
    Path tlsClientCa;

    @Option(names = "--out", paramLabel = "FILE", description = "Write a Hubble JSON capture (gzip when the name ends in .gz).")
    Path out;

    @Option(names = "--topology-out", paramLabel = "FILE", description = "Write the topology file (subnets, nodes, addresses, pod CIDRs).")
    Path topologyOut;

    @Option(names = "--minutes", paramLabel = "N",
            description = "Simulated minutes; default 20 for a capture, without end when serving.")
    Double minutes;

    @Option(names = "--start", paramLabel = "TIME",
            description = "Time of the first event (RFC 3339, or 'now'); default 2026-01-01T00:00:00Z for a capture, now when serving.")
    String start;

    @Option(names = "--pace", paramLabel = "realtime|fast",
            description = "realtime: release events when the clock reaches their time; fast: as fast as possible."
                    + " Default: realtime when serving, fast for a capture alone.")
    String pace;

    @Option(names = "--rate", paramLabel = "FLOWS_PER_S", description = "Scale all traffic to about this many events per second.")
    Double rate;

    @Option(names = "--fault", paramLabel = "KIND=TARGET[,k=v...]", description = "Inject a fault (repeatable); see below.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--no-faults", description = "Ignore the faults listed in the model (faults given with --fault still apply).")
    boolean noFaults;

    @Option(names = "--ring-size", paramLabel = "N", defaultValue = "4095",
            description = "Events kept per node for GetFlows history (default: ${DEFAULT-VALUE}).")
    int ringSize;

    @Option(names = "--follow-queue", paramLabel = "N", defaultValue = "65536",
            description = {"Events a following client may fall behind by before the newest are dropped and reported "
                    + "to it as lost events (OBSERVER_EVENTS_QUEUE) (default: ${DEFAULT-VALUE})."})
    int followQueue;

    @Option(names = "--progress-seconds", paramLabel = "S", defaultValue = "5",
            description = "Seconds between progress lines on stderr; 0 for none (default: ${DEFAULT-VALUE}).")
    double progressSeconds;

    /** The simulator has no settings of its own beyond its options; the file, --set and logging apply as elsewhere. */
    @Mixin
    ConfigOptions settings;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Plan plan;
        try {
            settings.load(java.util.Map.of(), java.util.Map.of());
            plan = plan();
        } catch (IllegalArgumentException e) {
            return usage(err, e);
        }
        if (plan.topologyOut != null) {
            ClusterTopology.write(new Simulation(plan.model, plan.options).cluster(), plan.topologyOut);
            if (plan.out == null && plan.listenHost == null) {
                stdout.println("topology: " + plan.topologyOut);
                stdout.flush();
                return ExitCodes.OK;
            }
        }
        CaptureWriter capture = plan.out == null ? null : new CaptureWriter(plan.out);
        HubbleSimulator simulator;
        try {
            simulator = simulator(plan, capture);
        } catch (IllegalArgumentException e) {
            if (capture != null) {
                capture.close();
            }
            return usage(err, e);
        }
        long started = System.nanoTime();
        return new ServiceRunner("simulate")
                .add(simulator)
                .add(new SimulationProgress(simulator, transport(plan.tls), err, progressSeconds))
                .whenDone(code -> {
                    if (capture != null) {
                        capture.close();
                    }
                    if (code == ExitCodes.OK || code == ExitCodes.INTERRUPTED) {
                        summary(stdout, simulator.simulation(), plan, capture, started);
                    }
                })
                .run();
    }

    private HubbleSimulator simulator(Plan plan, CaptureWriter capture) {
        HubbleSimulator.Builder builder = HubbleSimulator.builder().model(plan.model).options(plan.options)
                .pacing(plan.pacing).ringCapacity(ringSize)
                .followQueueCapacity(followQueue);
        if (plan.listenHost != null) {
            builder.listen(plan.listenHost, plan.listenPort).tls(plan.tls);
        } else {
            builder.withoutServer();
        }
        if (capture != null) {
            builder.sink(capture);
        }
        return builder.build();
    }

    private static String transport(HubbleServer.Tls tls) {
        return tls == null ? "plaintext" : tls.clientCa() == null ? "TLS" : "mutual TLS";
    }

    private static int usage(PrintWriter err, IllegalArgumentException e) {
        err.println("simulate: " + e.getMessage());
        err.flush();
        return ExitCodes.USAGE;
    }

    private static void summary(PrintWriter out, Simulation simulation, Plan plan, CaptureWriter capture, long startedNanos) {
        SimulationStats stats = simulation.stats();
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        out.printf(Locale.ROOT, "events: %d (flows %d, lost-events records %d), dropped flows %d, in %.1f s%n",
                stats.total(), stats.flows(), stats.count(FlowKind.LOST_EVENTS), stats.dropped(), seconds);
        out.println("by kind: " + stats.byKind().entrySet().stream()
                .map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", ")));
        out.println("faults: " + (plan.options.faults().isEmpty() ? "none"
                : plan.options.faults().stream().map(FaultSpec::toString).collect(Collectors.joining("  "))));
        if (capture != null) {
            out.println("capture: " + capture.file() + " (" + capture.lines() + " lines)");
        }
        if (plan.topologyOut != null) {
            out.println("topology: " + plan.topologyOut);
        }
        out.flush();
    }

    /** Everything the options say, checked. */
    private record Plan(ClusterModel model, SimulationOptions options, Pacing pacing, String listenHost, int listenPort,
                        HubbleServer.Tls tls, Path out, Path topologyOut) {
    }

    private Plan plan() {
        if (listen == null && out == null && topologyOut == null) {
            throw new IllegalArgumentException("nothing to do: give --listen HOST:PORT, --out FILE and/or --topology-out FILE");
        }
        if (model != null && !Files.isReadable(model)) {
            throw new IllegalArgumentException("model file " + model + " does not exist or is not readable");
        }
        ClusterModel clusterModel = model == null ? ModelLoader.defaultModel() : ModelLoader.load(model);
        boolean serving = listen != null;
        Instant startTime = startTime(serving);
        Duration duration = null;
        if (minutes != null) {
            if (!(minutes > 0)) {
                throw new IllegalArgumentException("--minutes must be positive");
            }
            duration = Duration.ofMillis(Math.round(minutes * 60_000));
        } else if (!serving) {
            duration = Duration.ofMinutes(DEFAULT_CAPTURE_MINUTES);
        }
        List<FaultSpec> faultSpecs = new ArrayList<>(noFaults ? List.of() : SimulationOptions.modelFaults(clusterModel));
        for (String f : faults) {
            faultSpecs.add(FaultSpec.parse(f));
        }
        SimulationOptions options = new SimulationOptions(seed, startTime, duration, faultSpecs, 1.0);
        new Simulation(clusterModel, options);  // validates the model and the fault targets
        if (rate != null) {
            options = options.withRateScale(Simulation.rateScaleFor(clusterModel, options, rate));
        }
        Pacing pacing = pace == null ? (serving ? Pacing.REALTIME : Pacing.FAST) : pacing(pace);
        String host = null;
        int port = 0;
        if (serving) {
            int colon = listen.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--listen must be HOST:PORT, not '" + listen + "'");
            }
            host = listen.substring(0, colon);
            try {
                port = Integer.parseInt(listen.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--listen must be HOST:PORT, not '" + listen + "'");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--listen port " + port + " is out of range");
            }
        }
        HubbleServer.Tls tls = null;
        if (tlsCert != null || tlsKey != null || tlsClientCa != null) {
            if (!serving) {
                throw new IllegalArgumentException("--tls-* options need --listen");
            }
            if (tlsCert == null || tlsKey == null) {
                throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key");
            }
            tls = new HubbleServer.Tls(tlsCert, tlsKey, tlsClientCa);
        }
        if (ringSize < 1) {
            throw new IllegalArgumentException("--ring-size must be positive");
        }
        if (followQueue < 1) {
            throw new IllegalArgumentException("--follow-queue must be positive");
        }
        return new Plan(clusterModel, options, pacing, host, port, tls, out, topologyOut);
    }

    private Instant startTime(boolean serving) {
        if (start == null) {
            return serving ? Instant.now() : DEFAULT_CAPTURE_START;
        }
        if (start.equalsIgnoreCase("now")) {
            return Instant.now();
        }
        try {
            return Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start must be an RFC 3339 time such as 2026-01-01T00:00:00Z, or 'now': " + start);
        }
    }

    private static Pacing pacing(String value) {
        try {
            return Pacing.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--pace must be realtime or fast, not '" + value + "'");
        }
    }
}
