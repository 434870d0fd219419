package io.flowpulse.ingest;

import io.flowpulse.ingest.kafka.IngestDeadLetters;
import io.flowpulse.ingest.relay.RelayClient;
import io.flowpulse.ingest.relay.RelaySettings;
import io.flowpulse.runtime.HealthCheck;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A Hubble Relay (or a Hubble server) followed until stopped, reconnecting with backoff. */
public final class RelaySource implements FlowSource {

    private final String name;
    private final String target;
    private final RelayClient client;

    /** @param name tags the metrics: relay, or simulator for the demo's simulated cluster */
    public RelaySource(String name, String target, RelayClient client) {
        this.name = name;
        this.target = target;
        this.client = client;
    }

    /** Follows the relay of {@code settings} with a client of its own. */
    public static RelaySource of(RelaySettings settings) {
        return new RelaySource("relay", settings.target(), new RelayClient(settings));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void resumeAfterEarlierRuns(IngestClients clients) throws Exception {
        clients.resumePoint().ifPresent(client::resumeFrom);
    }

    @Override
    public void run(IngestPipeline pipeline, IngestDeadLetters deadLetters, BooleanSupplier stop)
            throws InterruptedException {
        client.follow(pipeline, stop);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("flowpulse_ingest_reconnects", client, RelayClient::reconnects)
                .description("Reconnects to Hubble").register(registry);
        FunctionCounter.builder("flowpulse_ingest_duplicates_skipped", client, RelayClient::duplicatesSkipped)
                .description("Events repeated by the server after a resume and skipped").register(registry);
    }

    @Override
    public Map<String, HealthCheck> healthChecks() {
        return Map.of("hubble", () -> client.connected()
                ? HealthCheck.Status.up("streaming from " + target)
                : HealthCheck.Status.down("not connected to " + target + ": " + client.lastError()));
    }

    @Override
    public void close() {
        client.close();
    }
}
