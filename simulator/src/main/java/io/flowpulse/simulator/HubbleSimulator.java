package io.flowpulse.simulator;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.service.Service;
import io.flowpulse.runtime.service.ServiceUnavailableException;
import io.flowpulse.simulator.cluster.SimNode;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.simulator.server.FlowStore;
import io.flowpulse.simulator.server.HubbleServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A simulated cluster behind a Hubble Relay-compatible gRPC endpoint: a simulation feeding
 * per-node ring buffers, served by {@link HubbleServer}; or, built {@linkplain Builder#withoutServer()
 * without a server}, a simulation feeding only its sinks (a capture file). For tests and demos:
 * <pre>{@code
 * try (HubbleSimulator hubble = HubbleSimulator.builder().seed(7).pacing(Pacing.REALTIME).start()) {
 *     connect to hubble.target() ...
 *     hubble.stopServer();   // the cluster keeps producing flows into the buffers
 *     hubble.startServer();  // same port
 * }
 * }</pre>
 * As a {@link Service} ({@code builder().build()}, then {@link #start()}): {@link #await()} returns once a
 * time-boxed simulation without a server has reached its end, or after {@link #stop()}; a server keeps
 * serving the flows it buffered until then.
 */
public final class HubbleSimulator implements Service {

    private final Simulation simulation;
    private final FlowStore store;
    private final HubbleServer server;
    private final LiveFeed feed;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean feedStarted;

    private HubbleSimulator(Builder b) {
        SimulationOptions options = b.options != null ? b.options : SimulationOptions.forModel(b.model)
                .withStart(Instant.now());
        if (b.seed != null) {
            options = options.withSeed(b.seed);
        }
        this.simulation = new Simulation(b.model, options);
        List<Consumer<List<GetFlowsResponse>>> sinks = new ArrayList<>();
        if (b.serve) {
            List<String> nodeNames = new ArrayList<>();
            for (SimNode node : simulation.cluster().nodes()) {
                nodeNames.add(node.name());
            }
            this.store = new FlowStore(nodeNames, b.ringCapacity, b.followQueueCapacity);
            this.server = new HubbleServer(store, simulation.cluster().nodes(), simulation.cluster().name(), b.host,
                    b.port, b.tls);
            sinks.add(store::publishAll);
        } else {
            this.store = null;
            this.server = null;
        }
        sinks.addAll(b.sinks);
        this.feed = new LiveFeed(simulation, b.pacing, b.speed, sinks);
        registry.config().commonTags("service", "simulator");
        FunctionCounter.builder("flowpulse_simulator_events", feed, LiveFeed::emitted)
                .description("Events the simulation handed to its server and sinks").register(registry);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "simulator";
    }

    /** Serves the Hubble API (unless built without a server) and starts the simulation's clock. */
    @Override
    public void start() throws ServiceUnavailableException {
        if (server != null) {
            try {
                server.start();
            } catch (IllegalArgumentException e) {
                throw new Config.ConfigException(e.getMessage());
            } catch (UncheckedIOException e) {
                throw new ServiceUnavailableException(e.getMessage(), e);
            }
        }
        feed.start();
        feedStarted = true;
    }

    @Override
    public void stop() {
        stopRequested.countDown();
    }

    @Override
    public void await() throws InterruptedException, ExecutionException {
        while (stopRequested.getCount() > 0) {
            if (feed.await(Duration.ofMillis(200))) {
                failIfFeedFailed();
                if (server == null) {
                    return;
                }
                stopRequested.await();
            }
        }
        failIfFeedFailed();
    }

    private void failIfFeedFailed() throws ExecutionException {
        if (feed.failure() != null) {
            throw new ExecutionException("the simulation failed: " + feed.failure(), feed.failure());
        }
    }

    @Override
    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    /** Whether it serves the Hubble API. */
    public boolean serving() {
        return server != null;
    }

    /** The address clients dial, {@code host:port}. */
    public String target() {
        return requireServer().host() + ":" + requireServer().port();
    }

    public int port() {
        return requireServer().port();
    }

    public void stopServer() {
        requireServer().stop();
    }

    public void startServer() {
        requireServer().start();
    }

    public void restartServer() {
        requireServer().restart();
    }

    public boolean serverRunning() {
        return server != null && server.isRunning();
    }

    private HubbleServer requireServer() {
        if (server == null) {
            throw new IllegalStateException("this simulator was built without a server");
        }
        return server;
    }

    /** The ring buffers behind the server; null without one. */
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
        stop();
        if (feedStarted) {
            feed.close();
        }
        if (server != null) {
            server.close();
        }
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
        private int followQueueCapacity = FlowStore.DEFAULT_FOLLOW_QUEUE_CAPACITY;
        private boolean serve = true;
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

        /** Feeds the sinks only: no ring buffers, no gRPC server (a capture on its own). */
        public Builder withoutServer() {
            this.serve = false;
            return this;
        }

        public Builder ringCapacity(int capacity) {
            this.ringCapacity = capacity;
            return this;
        }

        /**
         * Events a following client may fall behind by; beyond that the newest are dropped and reported to
         * it as lost events (OBSERVER_EVENTS_QUEUE), as Hubble does for a slow client.
         */
        public Builder followQueueCapacity(int capacity) {
            this.followQueueCapacity = capacity;
            return this;
        }

        /** Another receiver of every batch of events, e.g. a capture writer. */
        public Builder sink(Consumer<List<GetFlowsResponse>> sink) {
            this.sinks.add(sink);
            return this;
        }

        /** The simulator, not started yet. */
        public HubbleSimulator build() {
            return new HubbleSimulator(this);
        }

        /** The simulator, started: serving (unless built without a server) with its clock running. */
        public HubbleSimulator start() {
            HubbleSimulator simulator = build();
            try {
                simulator.start();
            } catch (ServiceUnavailableException e) {
                simulator.close();
                throw new IllegalStateException(e.getMessage(), e);
            } catch (RuntimeException e) {
                simulator.close();
                throw e;
            }
            return simulator;
        }
    }

    /** Waits for a time-boxed simulation to reach its end; true when it did within the timeout. */
    public boolean awaitFeed(Duration timeout) throws InterruptedException {
        return feed.await(timeout);
    }
}
