package io.flowpulse.simulator.bench;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.schemas.hubble.HubbleJson;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second the simulator generates from the built-in model (all its faults active), and
 * the same with each event printed as a Hubble JSON line. Run:
 * {@code java -cp target/test-classes:target/classes:<test class path> org.openjdk.jmh.Main SimulationBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseParallelGC"})
public class SimulationBenchmark {

    private Simulation simulation;

    @Setup(Level.Trial)
    public void setUp() {
        ClusterModel model = ModelLoader.defaultModel();
        simulation = new Simulation(model, SimulationOptions.forModel(model));
    }

    @Benchmark
    public GetFlowsResponse nextEvent() {
        return simulation.next();
    }

    @Benchmark
    public String nextEventAsJsonLine() {
        return HubbleJson.print(simulation.next());
    }
}
