package io.flowpulse.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.FaultSpec;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.replay.Replay;
import io.flowpulse.replay.ReplayResult;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.replay.ReplayTopics;
import io.flowpulse.replay.report.ReplayReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One capture of the simulated cluster, analysed twice: offline by the replay, and live, published by
 * the ingest service into a flows topic and analysed by the streams service. Both must emit the same
 * final records: every link, DNS and latency window and every alert change, none twice, none missing.
 */
@ExtendWith(LocalStackExtension.class)
class LiveVersusReplayIntegrationTest {

    /** Faults of several kinds, so that alerts start and end in the compared output. */
    private static final List<FaultSpec> FAULTS = List.of(
            FaultSpec.parse("relayed-path=edge-e"),
            FaultSpec.parse("policy-drop=shop/web->data/postgres,start=1,end=3"),
            FaultSpec.parse("nxdomain=shop/web,start=1,end=2"),
            FaultSpec.parse("slow-dns=shop/cart,start=2,end=4"),
            FaultSpec.parse("lost-events=lab-c-2,start=3,end=4"));

    @Test
    void theLivePipelineEmitsTheSameRecordsAsTheReplayOfItsInput(LocalStack stack, @TempDir Path dir)
            throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String registryUrl = stack.registry().url();
        ClusterModel model = ModelLoader.defaultModel();
        SimulatedCapture capture = SimulatedCapture.write(model, SimulationOptions.forModel(model).withSeed(5)
                .withDuration(Duration.ofMinutes(6)).withRateScale(0.3).withFaults(FAULTS), dir, "capture");

        ReplayResult replayed;
        try (Replay replay = new Replay(ReplaySettings.of(List.of(capture.file()), capture.topology(), bootstrap,
                registryUrl, ReplayTopics.newRunId(Instant.now())), null)) {
            replayed = replay.run();
        }
        assertThat(replayed.complete()).isTrue();
        ReplayReport report = replayed.report();
        assertThat(report.input().late()).isZero();
        WindowRecords expected = new WindowRecords(report.links(), report.dns(), report.latency(), report.alerts());

        LivePipeline.Topics topics = LivePipeline.Topics.forRun(LivePipeline.newRun("live"));
        LivePipeline.Published published = LivePipeline.publish(bootstrap, registryUrl, capture, topics);
        assertThat(published.flows() + published.lostEvents()).isEqualTo(capture.lines());
        String applicationId = "flowpulse-" + topics.run();
        Map<String, String> config = LivePipeline.streamsConfig(bootstrap, registryUrl, topics, applicationId,
                dir.resolve("state"), capture.topology());
        WindowRecords live;
        try (StreamsApp app = new StreamsApp(LivePipeline.streamsSettings(config))) {
            app.start();
            LivePipeline.awaitProcessed(bootstrap, applicationId, topics.flows(), Duration.ofMinutes(3));
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(app.pipelineMetrics().lateRecords().count()).as("records counted late").isZero();
            live = LivePipeline.readOutputs(bootstrap, registryUrl, topics);
        }
        System.out.printf("live versus replay: %,d events; replay %s; live %s%n", capture.lines(), expected, live);

        assertThat(expected.alerts()).as("alert changes in the replay")
                .anyMatch(a -> a.contains("LINK_DROP_RATE:workload:shop/web->data/postgres"))
                .anyMatch(a -> a.contains("RESOLVED"));
        assertThat(live.links()).as("link windows").isEqualTo(expected.links());
        assertThat(live.dns()).as("DNS windows").isEqualTo(expected.dns());
        assertThat(live.latency()).as("latency windows").isEqualTo(expected.latency());
        assertThat(live.alerts()).as("alert changes").isEqualTo(expected.alerts());
    }
}
