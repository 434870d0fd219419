package io.flowpulse.simulator.gen;

import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.FaultSpec;
import io.flowpulse.simulator.model.ModelLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: run the default model with chosen faults and collect its events. */
final class Runs {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Runs() {
    }

    static List<GetFlowsResponse> run(int minutes, long seed, String... faults) {
        return run(ModelLoader.defaultModel(), minutes, seed, faults);
    }

    static List<GetFlowsResponse> run(ClusterModel model, int minutes, long seed, String... faults) {
        Simulation simulation = simulation(model, minutes, seed, faults);
        List<GetFlowsResponse> events = new ArrayList<>();
        GetFlowsResponse r;
        while ((r = simulation.next()) != null) {
            events.add(r);
        }
        return events;
    }

    static Simulation simulation(ClusterModel model, int minutes, long seed, String... faults) {
        List<FaultSpec> specs = Arrays.stream(faults).map(FaultSpec::parse).toList();
        SimulationOptions options = new SimulationOptions(seed, START, Duration.ofMinutes(minutes), specs, 1.0);
        return new Simulation(model, options);
    }

    static long nanos(Flow f) {
        return f.getTime().getSeconds() * 1_000_000_000L + f.getTime().getNanos();
    }

    /** Minute index of the flow since START. */
    static int minute(Flow f) {
        return (int) ((f.getTime().getSeconds() - START.getEpochSecond()) / 60);
    }

    static String workload(io.flowpulse.hubble.flow.FlowProtos.Endpoint e) {
        if (e.getWorkloadsCount() > 0) {
            return e.getNamespace() + "/" + e.getWorkloads(0).getName();
        }
        return e.getLabelsCount() > 0 ? e.getLabels(0) : "unknown";
    }
}
