package io.flowpulse.replay;

import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.streams.topology.PipelineMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The analytics topology of one replay, run by the streams service ({@link StreamsApp}) in this JVM
 * with its local state in a directory of its own.
 */
final class ReplayTopology implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path stateDir;
    private final StreamsApp app;

    /** @param config the streams settings, given the state directory */
    ReplayTopology(Topology topology, String runId, Function<Path, Properties> config, PipelineMetrics metrics,
                   PrometheusMeterRegistry registry) throws IOException {
        this.stateDir = Files.createTempDirectory("flowpulse-replay-" + runId + "-");
        this.app = StreamsApp.of(topology, config.apply(stateDir), metrics, registry);
    }

    /** Starts it and waits until it runs. */
    void start(BooleanSupplier stop) throws InterruptedException {
        try {
            app.start();
        } catch (Exception e) {
            throw new ReplayException("the analytics topology did not start: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING) {
            failIfStopped();
            if (stop.getAsBoolean()) {
                throw new InterruptedException("stopped while the analytics topology was starting");
            }
            if (System.nanoTime() > deadline) {
                throw new ReplayException("the analytics topology did not start within "
                        + START_TIMEOUT.toMinutes() + " minutes (state " + app.state() + ")");
            }
            Thread.sleep(50);
        }
    }

    /** Throws when a stream thread failed or the topology stopped on its own. */
    void failIfStopped() {
        Throwable error = app.failure();
        if (error != null) {
            throw new ReplayException("the analytics topology failed: " + error.getMessage(), error);
        }
        KafkaStreams.State state = app.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_SHUTDOWN || state == KafkaStreams.State.PENDING_ERROR) {
            throw new ReplayException("the analytics topology stopped (state " + state + ")");
        }
    }

    /** Stops the topology and deletes its local state. */
    @Override
    public void close() {
        try {
            app.close();
        } finally {
            try {
                deleteRecursively(stateDir);
            } catch (IOException e) {
                throw new ReplayException("cannot delete the replay's state in " + stateDir, e);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
