package io.flowpulse.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.cli.e2e.MatrixRun.Part;
import io.flowpulse.ingest.relay.RelaySettings;
import io.flowpulse.localstack.LocalService;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault matrix (docs/reliability.md): the same simulated cluster run through the whole live pipeline
 * (simulated Hubble Relay, ingest, two streams instances with standby replicas, sink, ClickHouse) once
 * without a fault and once per fault, each fault injected about a third into the run and the pipeline
 * left to recover. Every window and alert in ClickHouse, read with FINAL, must equal the fault-free
 * run's; no flow may be missing from the flows topic or be on it twice; what Hubble itself reports
 * lost arrives as lost events.
 *
 * <p>Outages last {@value #OUTAGE_PROPERTY} seconds (10 by default; {@code -Dflowpulse.faults.outage.seconds=60}
 * for the long run).
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
class FaultMatrixIntegrationTest {

    static final String OUTAGE_PROPERTY = "flowpulse.faults.outage.seconds";
    /** When the fault strikes: ingest has published this share of the events. */
    private static final double FAULT_AT = 0.35;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(2);
    /** Events the relay holds for a follower that has stopped reading: about two seconds of this run's flows. */
    private static final int SMALL_FOLLOW_QUEUE = 5_000;

    private final Duration outage = Duration.ofSeconds(Long.getLong(OUTAGE_PROPERTY, 10));
    private LocalStack stack;
    private Path dir;
    private MatrixRun.Outcome baseline;

    @BeforeAll
    void runWithoutFaults(LocalStack stack) throws Exception {
        this.stack = stack.startAll();
        this.dir = Files.createTempDirectory("fault-matrix");
        try (MatrixRun run = new MatrixRun(stack, dir, "baseline", Set.of(), MatrixRun.LARGE_RING).start()) {
            baseline = run.finish();
        }
        report("none (baseline)", baseline, Duration.ZERO);
        assertThat(baseline.census().uuids()).as("flows of the fault-free run").hasSize(
                (int) baseline.census().flowRecords());
        assertThat(baseline.census().flowRecords() + baseline.census().lostEventRecords())
                .as("events the relay produced, all published").isEqualTo(baseline.emitted());
        assertThat(baseline.stored().windows().get("alerts")).as("alert changes")
                .anyMatch(row -> row.contains("FIRING")).anyMatch(row -> row.contains("RESOLVED"));
        assertThat(baseline.stored().eventsLost()).as("events Hubble reported lost, stored as lost events")
                .isPositive().isEqualTo(baseline.census().eventsLost());
        assertThat(baseline.stored().finalRows().get("flows")).isEqualTo(baseline.census().flowRecords());
        assertThat(baseline.deadLetters()).as("dead letters of the fault-free run").isEmpty();
    }

    @Test
    void streamsInstanceKilled_theOtherTakesOver() throws Exception {
        try (MatrixRun run = new MatrixRun(stack, dir, "streams-kill", Set.of(Part.STREAMS_A), MatrixRun.LARGE_RING)
                .start()) {
            run.awaitPublished(faultAt());
            run.awaitActiveTasks(Part.STREAMS_A, Duration.ofSeconds(30));
            run.part(Part.STREAMS_A).kill();
            MatrixRun.Progress before = run.progress();
            Duration recovery = run.awaitFlowingAgain(before, RECOVERY_TIMEOUT);
            run.part(Part.STREAMS_A).start();
            assertSameAsBaseline("kill -9 of one streams instance", run.finish(), recovery);
        }
    }

    @Test
    void sinkKilledAndRestarted() throws Exception {
        try (MatrixRun run = new MatrixRun(stack, dir, "sink-kill", Set.of(Part.SINK), MatrixRun.LARGE_RING).start()) {
            run.awaitPublished(faultAt());
            run.part(Part.SINK).kill();
            MatrixRun.Progress before = run.progress();
            run.part(Part.SINK).start();
            Duration recovery = run.awaitFlowingAgain(before, RECOVERY_TIMEOUT);
            assertSameAsBaseline("kill -9 of the sink", run.finish(), recovery);
        }
    }

    @Test
    void ingestKilledAndRestarted() throws Exception {
        try (MatrixRun run = new MatrixRun(stack, dir, "ingest-kill", Set.of(Part.INGEST), MatrixRun.LARGE_RING)
                .start()) {
            run.awaitPublished(faultAt());
            run.part(Part.INGEST).kill();
            MatrixRun.Progress before = run.progress();
            run.part(Part.INGEST).start();
            Duration recovery = run.awaitFlowingAgain(before, RECOVERY_TIMEOUT);
            assertSameAsBaseline("kill -9 of ingest", run.finish(), recovery);
        }
    }

    @Test
    void clickHouseKilledAndRestarted() throws Exception {
        killAndRestart("kill -9 of ClickHouse", "clickhouse-kill", stack.clickHouse());
    }

    @Test
    void brokerKilledAndRestarted() throws Exception {
        killAndRestart("kill -9 of the Kafka broker", "broker-kill", stack.kafka());
    }

    /**
     * Running parts go on from their schema caches, so the registry's outage is made to matter: ingest
     * and the sink are killed and started again while it is down, and start with empty caches. They
     * must wait for the registry (nothing dead-lettered, nothing skipped), and the restarted registry
     * must still know every schema id written before the kill.
     */
    @Test
    void registryKilled_partsStartedMeanwhileWaitForIt() throws Exception {
        try (MatrixRun run = new MatrixRun(stack, dir, "registry-kill", Set.of(Part.INGEST, Part.SINK),
                MatrixRun.LARGE_RING).start()) {
            run.awaitPublished(faultAt());
            MatrixRun.Progress before = run.progress();
            StackFaults.kill9(stack.registry());
            run.part(Part.INGEST).kill();
            run.part(Part.SINK).kill();
            CompletableFuture<Void> restarted = CompletableFuture.runAsync(() -> {
                try {
                    run.part(Part.INGEST).start();
                    run.part(Part.SINK).start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long publishedBefore = run.published();
            Thread.sleep(outage.toMillis());
            long registryBack = System.nanoTime();
            stack.registry().start();
            restarted.get(2, TimeUnit.MINUTES);
            run.awaitPublished(publishedBefore + 1);
            // from the registry's return until the ingest started meanwhile publishes
            Duration recovery = Duration.ofNanos(System.nanoTime() - registryBack);
            run.awaitFlowingAgain(before, RECOVERY_TIMEOUT);
            MatrixRun.Outcome outcome = run.finish();
            assertSameAsBaseline("kill -9 of the schema registry, ingest and sink restarted while it is down",
                    outcome, recovery);
        }
    }

    /**
     * The broker gone while ingest follows the relay, with ingest's buffers made small (producer buffer,
     * gRPC window) and the relay's queue for it too, so that the outage overflows them as a long outage
     * would at production scale: ingest stops reading, the relay drops what its queue cannot hold and
     * says so. Every event the relay produced must then be on the flows topic or counted in a lost-events
     * record, which is stored in ClickHouse, logged and counted by ingest; none may be doubled.
     */
    @Test
    void brokerDownWhileIngestFollows_theRelayQueueOverflowsIntoLostEvents() throws Exception {
        try (MatrixRun run = new MatrixRun(stack, dir, "broker-outage-overflow", Set.of(Part.INGEST),
                MatrixRun.LARGE_RING).followQueue(SMALL_FOLLOW_QUEUE)
                .ingestSetting("kafka.buffer.memory", Integer.toString(256 * 1024))
                .ingestSetting("kafka.batch.size", Integer.toString(32 * 1024))
                .ingestSetting("kafka.linger.ms", "20")
                .ingestSetting(RelaySettings.FLOW_CONTROL_WINDOW, Integer.toString(64 * 1024))
                .start()) {
            run.awaitPublished(faultAt());
            MatrixRun.Progress before = run.progress();
            StackFaults.kill9(stack.kafka());
            Thread.sleep(outage.toMillis());
            stack.kafka().start();
            Duration recovery = run.awaitFlowingAgain(before, RECOVERY_TIMEOUT);
            MatrixRun.Outcome outcome = run.finish();
            FlowCensus census = outcome.census();
            report("Kafka broker down for " + outage.toSeconds() + " s, relay queue overflowing", outcome, recovery);
            assertThat(census.queueLosses().events()).as("events the relay's queue lost").isPositive();
            assertThat(census.flowRecords() + census.lostEventRecords() - census.queueLosses().records()
                    + census.queueLosses().events()).as("every event the relay produced: published or counted lost")
                    .isEqualTo(outcome.emitted());
            assertThat(census.duplicated()).as("flows published twice").isZero();
            assertThat(census.lostComparedWith(baseline.census())).as("flows missing")
                    .isEqualTo(baseline.census().flowRecords() - census.flowRecords());
            assertThat(outcome.stored().eventsLost()).as("lost events stored in ClickHouse").isEqualTo(census.eventsLost());
            assertThat(outcome.stored().finalRows().get("flows")).as("flows in ClickHouse").isEqualTo(census.flowRecords());
            assertThat(outcome.deadLetters()).as("dead letters").isEmpty();
            assertThat(Files.readString(run.logOf(Part.INGEST))).as("ingest's warning")
                    .containsPattern("Hubble on \\S+/hubble-relay lost \\d+ events \\(OBSERVER_EVENTS_QUEUE\\)");
        }
    }

    @Test
    void relayUnreachable_ingestResumesWithSince() throws Exception {
        try (MatrixRun run = new MatrixRun(stack, dir, "relay-outage", Set.of(), MatrixRun.LARGE_RING).start()) {
            run.awaitPublished(faultAt());
            run.simulator().stopServer();
            Thread.sleep(outage.toMillis());
            MatrixRun.Progress before = run.progress();
            run.simulator().startServer();
            Duration recovery = run.awaitFlowingAgain(before, RECOVERY_TIMEOUT);
            MatrixRun.Outcome outcome = run.finish();
            double skipped = ((RunPart.InProcess) run.part(Part.INGEST)).service().metrics()
                    .get("flowpulse_ingest_duplicates_skipped").functionCounter().count();
            System.out.printf("fault matrix | relay unreachable for %d s: %.0f boundary duplicates skipped%n",
                    outage.toSeconds(), skipped);
            assertSameAsBaseline("relay unreachable for " + outage.toSeconds() + " s", outcome, recovery);
        }
    }

    @Test
    void streamsStateDirectoryUnusable_clearErrorAndExitCode() throws Exception {
        // the tests run as root, for whom no permission makes a directory read-only: a state directory
        // below a regular file can be neither created nor written, as on a read-only or full volume
        Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "x");
        LivePipeline.Topics topics = LivePipeline.Topics.forRun(LivePipeline.newRun("statedir"));
        Map<String, String> settings = LivePipeline.streamsConfig(stack.kafka().bootstrapServers(),
                stack.registry().url(), topics, "flowpulse-" + topics.run(), notADirectory.resolve("state"),
                MatrixRun.writeTopology(dir.resolve(topics.run() + "-topology.yaml")));
        RunPart.Child streams = (RunPart.Child) RunPart.child("streams", List.of("streams"), settings,
                dir.resolve(topics.run() + "-streams.log"));
        Map.Entry<Integer, String> ended = streams.runToExit(Duration.ofSeconds(60));
        System.out.printf("fault matrix | unusable state directory: exit code %d, output:%n%s%n", ended.getKey(),
                ended.getValue());
        assertThat(ended.getKey()).as("exit code: a setting that cannot work").isEqualTo(2);
        assertThat(ended.getValue()).as("what the operator reads")
                .contains("streams.state.dir " + notADirectory.resolve("state") + " cannot be written")
                .doesNotContain("\tat ");
    }

    private void killAndRestart(String fault, String name, LocalService service) throws Exception {
        try (MatrixRun run = new MatrixRun(stack, dir, name, Set.of(), MatrixRun.LARGE_RING).start()) {
            run.awaitPublished(faultAt());
            MatrixRun.Progress before = run.progress();
            StackFaults.kill9(service);
            service.start();
            Duration recovery = run.awaitFlowingAgain(before, RECOVERY_TIMEOUT);
            assertSameAsBaseline(fault, run.finish(), recovery);
        }
    }

    /** Records on the flows topic when a fault strikes: about a third of the run. */
    private long faultAt() {
        return (long) (baseline.emitted() * FAULT_AT);
    }

    private void assertSameAsBaseline(String fault, MatrixRun.Outcome outcome, Duration recovery) {
        report(fault, outcome, recovery);
        assertThat(outcome.stored().differencesFrom(baseline.stored())).as("windows and alerts compared with the "
                + "fault-free run").isEmpty();
        assertThat(outcome.stored().windows()).isEqualTo(baseline.stored().windows());
        assertThat(outcome.census().lostComparedWith(baseline.census())).as("flows lost").isZero();
        assertThat(outcome.census().duplicated()).as("flows published twice").isZero();
        assertThat(outcome.deadLetters()).as("records dead-lettered: a fault is no record's fault").isEmpty();
        assertThat(outcome.stored().finalRows().get("flows")).as("flows in ClickHouse")
                .isEqualTo(baseline.stored().finalRows().get("flows"));
        assertThat(outcome.stored().eventsLost()).as("events Hubble reported lost")
                .isEqualTo(baseline.stored().eventsLost());
    }

    private void report(String fault, MatrixRun.Outcome outcome, Duration recovery) {
        System.out.printf("fault matrix | %s | windows %d (baseline %d) | flows lost %d | duplicated %d | "
                        + "lost-events records %d (%d events) | moving again after %.1f s | run %.1f s (baseline %.1f s)"
                        + "%n  %s%n  %s%n",
                fault, outcome.stored().windowRows(), baseline == null ? outcome.stored().windowRows()
                        : baseline.stored().windowRows(),
                baseline == null ? 0 : outcome.census().lostComparedWith(baseline.census()),
                outcome.census().duplicated(), outcome.census().lostEventRecords(), outcome.census().eventsLost(),
                recovery.toMillis() / 1000.0, outcome.took().toMillis() / 1000.0,
                baseline == null ? outcome.took().toMillis() / 1000.0 : baseline.took().toMillis() / 1000.0,
                outcome.stored(), outcome.census());
    }
}
