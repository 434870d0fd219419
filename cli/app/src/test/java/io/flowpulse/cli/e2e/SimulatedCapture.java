package io.flowpulse.cli.e2e;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.capture.CaptureWriter;
import io.flowpulse.simulator.capture.ClusterTopology;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.FaultSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A capture of the simulated cluster written to disk with its topology file, as
 * {@code flowpulse simulate --out FILE --topology-out FILE} writes them.
 *
 * @param file     Hubble JSON lines
 * @param topology node inventory of the simulated cluster (analytics spec section 8)
 * @param cluster  the simulated cluster: where every pod runs
 * @param faults   the faults that were injected
 * @param lines    events written
 */
record SimulatedCapture(Path file, Path topology, Cluster cluster, List<FaultSpec> faults, long lines) {

    private static final int BATCH = 4096;

    static SimulatedCapture write(ClusterModel model, SimulationOptions options, Path dir, String name) {
        Simulation simulation = new Simulation(model, options);
        Path file = dir.resolve(name + ".json");
        Path topology = dir.resolve(name + "-topology.yaml");
        ClusterTopology.write(simulation.cluster(), topology);
        long lines;
        try (CaptureWriter writer = new CaptureWriter(file)) {
            List<GetFlowsResponse> batch = new ArrayList<>(BATCH);
            for (GetFlowsResponse event; (event = simulation.next()) != null; ) {
                batch.add(event);
                if (batch.size() == BATCH) {
                    writer.accept(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
            writer.accept(batch);
            lines = writer.lines();
        }
        return new SimulatedCapture(file, topology, simulation.cluster(), options.faults(), lines);
    }
}
