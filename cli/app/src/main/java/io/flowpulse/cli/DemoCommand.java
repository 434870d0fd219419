package io.flowpulse.cli;

import io.flowpulse.cli.demo.DemoPipeline;
import io.flowpulse.runtime.Durations;
import io.flowpulse.runtime.service.ExitCodes;
import io.flowpulse.runtime.Config;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowpulse demo}: the whole pipeline on one machine with a live terminal view. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline on a simulated 12-node, 5-subnet cluster with a live terminal view.",
            "Starts Kafka, the schema registry and ClickHouse locally, the cluster simulator with its faults "
                    + "(policy drops, a relayed high-jitter path, NXDOMAIN bursts, DNS storms, slow DNS, lost "
                    + "events ...), ingest, streams and sink, and shows flows per stage, the worst links, DNS "
                    + "trouble, latency and jitter per subnet pair, and alerts as they fire and resolve. Ctrl-C "
                    + "stops everything cleanly.",
            "If ClickHouse cannot be installed or started, the demo says so and runs without the sink.",
            "The live console is served on 127.0.0.1 (the line 'Console: URL' says where).",
            "Settings of the stages (alerts.*, streams.*, sink.*, console.*, kafka.*) come from --config, "
                    + "FLOWPULSE_* variables and --set as for each stage's own command; the local addresses are "
                    + "the demo's."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop by itself after this long (e.g. 90s, 5m); default: run until Ctrl-C.")
    String duration;

    @Option(names = "--relay", paramLabel = "HOST:PORT",
            description = "Follow this Hubble Relay instead of the simulator (plaintext).")
    String relay;

    @Option(names = "--topology", paramLabel = "FILE",
            description = "Topology file (subnets, nodes) of the cluster behind --relay.")
    Path topology;

    @Option(names = "--model", paramLabel = "FILE", description = "Cluster model for the simulator; default: the built-in one.")
    Path model;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "10",
            description = "Simulated seconds per wall-clock second, so one-minute windows close every 60/X s (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--rate", paramLabel = "FLOWS_PER_S", defaultValue = "600",
            description = "Simulated events per simulated second; the wall-clock rate is this times --speed (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--refresh", paramLabel = "DURATION", defaultValue = "3s",
            description = "How often the view refreshes (default: ${DEFAULT-VALUE}).")
    String refresh;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".flowpulse/demo",
            description = "Where the local services keep data and logs (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--plain", description = "Print each view below the previous one instead of redrawing the screen"
            + " (the default when the output is not a terminal).")
    boolean plain;

    @Option(names = "--no-sink", description = "Run without ClickHouse and the sink.")
    boolean noSink;

    @Option(names = "--console-port", paramLabel = "PORT", defaultValue = "" + DemoPipeline.DEFAULT_CONSOLE_PORT,
            description = "Port of the browser console on 127.0.0.1 (default: ${DEFAULT-VALUE}, or any free one when "
                    + "that is taken; 0: any).")
    int consolePort;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        Map<String, String> settings;
        try {
            settings = options.load(Map.of(), Map.of()).asMap();
        } catch (Config.ConfigException e) {
            System.err.println("flowpulse demo: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        DemoPipeline.Options demo = new DemoPipeline.Options(
                duration == null ? null : Durations.parse(duration), relay, topology, model, seed, speed, rate,
                Durations.parse(refresh), workDir.toAbsolutePath(), plain || System.console() == null, !noSink,
                consolePort, settings);
        if (speed <= 0 || rate <= 0) {
            System.err.println("flowpulse demo: --speed and --rate must be positive");
            return ExitCodes.USAGE;
        }
        if (relay != null && speed != 10) {
            System.err.println("flowpulse demo: --speed applies to the simulator only; a real relay runs in real time");
        }
        return new DemoPipeline(demo, System.out, System.err).run();
    }
}
