package io.flowpulse.cli.simulate;

import io.flowpulse.cli.service.BackgroundService;
import io.flowpulse.simulator.HubbleSimulator;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.FaultSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code flowpulse simulate} says on stderr while it runs: where it serves and what it simulates,
 * a progress line every few seconds, and when a served simulation has reached its end.
 */
public final class SimulationProgress extends BackgroundService {

    private final HubbleSimulator simulator;
    private final String transport;
    private final PrintWriter err;
    private final double everySeconds;

    /**
     * @param transport    how the API is served: "plaintext", "TLS" or "mutual TLS"
     * @param everySeconds between progress lines; 0 for none
     */
    public SimulationProgress(HubbleSimulator simulator, String transport, PrintWriter err, double everySeconds) {
        super("progress");
        this.simulator = simulator;
        this.transport = transport;
        this.err = err;
        this.everySeconds = everySeconds;
    }

    @Override
    protected void work() throws InterruptedException {
        describe();
        long started = System.nanoTime();
        Duration every = Duration.ofMillis(everySeconds > 0 ? (long) (everySeconds * 1000) : 1000);
        boolean endTold = false;
        while (pause(every)) {
            boolean finished = simulator.feed().isFinished();
            if (!finished && everySeconds > 0) {
                progress(started);
            }
            if (finished && !endTold && simulator.serving() && simulator.feed().failure() == null) {
                say("simulate: the simulation reached its end; still serving its buffered flows (Ctrl-C to stop)");
                endTold = true;
            }
        }
    }

    private void describe() {
        Simulation simulation = simulator.simulation();
        SimulationOptions options = simulation.options();
        if (simulator.serving()) {
            err.println("simulate: serving the Hubble Observer API on " + simulator.target() + " (" + transport + ")");
        }
        err.println("simulate: cluster '" + simulation.cluster().name() + "', " + simulation.cluster().nodes().size()
                + " nodes in " + simulation.cluster().subnets().size() + " subnets, seed " + options.seed()
                + ", from " + options.start()
                + (options.duration() == null ? "" : " for " + options.duration().toMinutes() + " min")
                + (options.rateScale() == 1.0 ? "" : String.format(Locale.ROOT, ", rates x%.3f", options.rateScale())));
        say("simulate: faults: " + faults(options));
    }

    private void progress(long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        long emitted = simulator.feed().emitted();
        Simulation simulation = simulator.simulation();
        long simSeconds = (simulation.lastTimeNanos() / 1_000_000_000L) - simulation.start().getEpochSecond();
        err.printf(Locale.ROOT, "simulate: %,d events, simulated %d:%02d, %,.0f events/s%n",
                emitted, simSeconds / 60, simSeconds % 60, emitted / Math.max(seconds, 1e-3));
        err.flush();
    }

    /** The faults of a run, as the summary and the first lines name them. */
    static String faults(SimulationOptions options) {
        return options.faults().isEmpty() ? "none"
                : options.faults().stream().map(FaultSpec::toString).collect(Collectors.joining("  "));
    }

    private void say(String line) {
        err.println(line);
        err.flush();
    }
}
