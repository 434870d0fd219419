package io.flowpulse.ingest;

import io.flowpulse.ingest.kafka.IngestDeadLetters;
import io.flowpulse.runtime.HealthCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Where an {@link IngestService} reads Hubble events from: a relay, capture files. */
public interface FlowSource extends AutoCloseable {

    /** Tags the ingest metrics of the events it reads: relay, file, simulator, replay. */
    String name();

    /**
     * Reads until the input ends (capture files) or {@code stop} says so (a relay), handing every event to
     * {@code pipeline}; what cannot be read as an event goes to {@code deadLetters}.
     */
    void run(IngestPipeline pipeline, IngestDeadLetters deadLetters, BooleanSupplier stop) throws Exception;

    /**
     * Called once before {@link #run}: a source that follows a live stream resumes after what an earlier
     * run published (see {@link IngestClients#resumePoint()}); files are read from their start.
     */
    default void resumeAfterEarlierRuns(IngestClients clients) throws Exception {
    }

    /** Meters of the source itself (reconnects, say). */
    default void bindTo(MeterRegistry registry) {
    }

    default Map<String, HealthCheck> healthChecks() {
        return Map.of();
    }

    @Override
    default void close() {
    }
}
