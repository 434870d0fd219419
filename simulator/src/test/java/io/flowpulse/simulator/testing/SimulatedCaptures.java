package io.flowpulse.simulator.testing;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.schemas.hubble.HubbleJson;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Capture lines of the built-in model with all its faults (flows, lost events), for other modules' tests. */
public final class SimulatedCaptures {

    private SimulatedCaptures() {
    }

    /** Every event of a run, one capture line each, as {@code flowpulse simulate} writes them. */
    public static List<String> lines(long seed, Duration duration, double rateScale) {
        ClusterModel model = ModelLoader.defaultModel();
        Simulation simulation = new Simulation(model,
                SimulationOptions.forModel(model).withSeed(seed).withDuration(duration).withRateScale(rateScale));
        List<String> lines = new ArrayList<>();
        for (GetFlowsResponse response = simulation.next(); response != null; response = simulation.next()) {
            lines.add(HubbleJson.print(response));
        }
        return lines;
    }
}
