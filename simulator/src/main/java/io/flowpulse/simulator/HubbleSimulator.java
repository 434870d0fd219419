package io.flowpulse.simulator;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.cluster.SimNode;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.simulator.server.FlowStore;
import io.flowpulse.simulator.server.HubbleServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A simulated cluster behind a Hubble Relay-compatible gRPC endpoint: a simulation feeding
 * per-node ring buffers, served by {@link HubbleServer}. For tests and demos:
 * <pre>{@code
 * try (HubbleSimulator hubble = HubbleSimulator.builder().seed(7).pacing(Pacing.REALTIME).start()) {
 *     connect to hubble.target() ...
 *     hubble.stopServer();   // the cluster keeps producing flows into the buffers
 *     hubble.startServer();  // same port
 * }
 * }</pre>
 */
public final class HubbleSimulator implements AutoCloseable {

    private final Simulation simulation;
    private final FlowStore store;
    private final HubbleServer server;
    private final LiveFeed feed;

    private HubbleSimulator(Builder b) {
        SimulationOptions options = b.options != null ? b.options : SimulationOptions.forModel(b.model)
                .withStart(Instant.now());
        if (b.seed != null) {
            options = options.withSeed(b.seed);
        }
        this.simulation = new Simulation(b.model, options);
        List<String> nodeNames = new ArrayList<>();
        for (SimNode node : simulation.cluster().nodes()) {
            nodeNames.add(node.name());
        }
        this.store = new FlowStore(nodeNames, b.ringCapacity);
        this.server = new HubbleServer(store, simulation.cluster().nodes(), simulation.cluster().name(), b.host, b.port, b.tls);
        List<Consumer<List<GetFlowsResponse>>> sinks = new ArrayList<>();
        sinks.add(store::publishAll);
        sinks.addAll(b.sinks);
        this.feed = new LiveFeed(simulation, b.pacing, b.speed, sinks);
    }

    public static Builder builder() {
        return new Builder();
    }

    private HubbleSimulator startAll() {
        server.start();
        feed.start();
        return this;
    }

    /** The address clients dial, {@code host:port}. */
    public String target() {
        return server.host() + ":" + server.port();
    }

    public int port() {
        return server.port();
    }

    public void stopServer() {
        server.stop();
    }

    public void startServer() {
        server.start();
    }

    public void restartServer() {
        server.restart();
    }

    public boolean serverRunning() {
        return server.isRunning();
    }

    public FlowStore store() {
        return store;
    }

    public LiveFeed feed() {
        return feed;
    }

    /** The simulation; read its statistics only after the feed has finished. */
    public Simulation simulation() {
        return simulation;
    }

    @Override
    public void close() {
        feed.close();
        server.close();
    }

    public static final class Builder {
        private ClusterModel model = ModelLoader.defaultModel();
        private SimulationOptions options;
        private Long seed;
        private Pacing pacing = Pacing.REALTIME;
        private double speed = 1.0;
        private String host = "127.0.0.1";
        private int port;
        private HubbleServer.Tls tls;
        private int ringCapacity = FlowStore.DEFAULT_RING_CAPACITY;
        private final List<Consumer<List<GetFlowsResponse>>> sinks = new ArrayList<>();

        /** The model to simulate; the built-in one by default. */
        public Builder model(ClusterModel model) {
            this.model = Objects.requireNonNull(model);
            return this;
        }

        /** Full simulation options; by default the model's faults, seed 1, starting now, without end. */
        public Builder options(SimulationOptions options) {
            this.options = options;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Simulated seconds per wall-clock second when pacing in real time (default 1). */
        public Builder speed(double speed) {
            this.speed = speed;
            return this;
        }

        public Builder pacing(Pacing pacing) {
            this.pacing = Objects.requireNonNull(pacing);
            return this;
        }

        /** Where to listen; port 0 picks a free port (kept across restarts). */
        public Builder listen(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        public Builder tls(HubbleServer.Tls tls) {
            this.tls = tls;
            return this;
        }

        public Builder ringCapacity(int capacity) {
            this.ringCapacity = capacity;
            return this;
        }

        /** Another receiver of every batch of events, e.g. a capture writer. */
        public Builder sink(Consumer<List<GetFlowsResponse>> sink) {
            this.sinks.add(sink);
            return this;
        }

        public HubbleSimulator start() {
            return new HubbleSimulator(this).startAll();
        }
    }

    /** Waits for a time-boxed simulation to reach its end; true when it did within the timeout. */
    public boolean awaitFeed(Duration timeout) throws InterruptedException {
        return feed.await(timeout);
    }
}
