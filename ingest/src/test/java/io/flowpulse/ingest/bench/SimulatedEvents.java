package io.flowpulse.ingest.bench;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Events of the simulator's built-in model (all its faults active), the input of the ingest benchmarks. */
final class SimulatedEvents {

    private SimulatedEvents() {
    }

    /** The simulation the events come from; long enough never to run out. */
    static Simulation simulation(long seed) {
        ClusterModel model = ModelLoader.defaultModel();
        SimulationOptions options = SimulationOptions.forModel(model).withSeed(seed).withDuration(Duration.ofDays(30));
        return new Simulation(model, options);
    }

    /** The first {@code count} events of {@code simulation}. */
    static List<GetFlowsResponse> take(Simulation simulation, int count) {
        List<GetFlowsResponse> events = new ArrayList<>(count);
        while (events.size() < count) {
            GetFlowsResponse event = simulation.next();
            if (event == null) {
                throw new IllegalStateException("the simulation ended after " + events.size() + " of " + count + " events");
            }
            events.add(event);
        }
        return events;
    }
}
