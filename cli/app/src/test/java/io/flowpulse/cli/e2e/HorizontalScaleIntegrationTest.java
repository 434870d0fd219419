package io.flowpulse.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.localstack.LocalStack;
import io.flowpulse.replay.InProcessReplay;
import io.flowpulse.replay.ReplayResult;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.replay.report.ReplayReport;
import io.flowpulse.runtime.Config;
import io.flowpulse.simulator.model.FaultSpec;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams service scaled out over the same input: one instance with 1 and with 4 stream threads, and
 * two instances of one application with 2 stream threads each sharing the partitions, each emit exactly
 * the records of the in-process replay of that input, so more threads or instances change the speed,
 * never the result.
 */
@ExtendWith(LocalStackExtension.class)
class HorizontalScaleIntegrationTest {

    private static final List<FaultSpec> FAULTS = List.of(
            FaultSpec.parse("policy-drop=shop/web->data/postgres,start=1,end=3"),
            FaultSpec.parse("nxdomain=shop/web,start=1,end=2"),
            FaultSpec.parse("slow-dns=shop/cart,start=2,end=4"));
    private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void moreStreamThreadsOrInstancesGiveTheSameRecords(LocalStack stack, @TempDir Path dir) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String registryUrl = stack.registry().url();
        ClusterModel model = ModelLoader.defaultModel();
        SimulatedCapture capture = SimulatedCapture.write(model, SimulationOptions.forModel(model).withSeed(11)
                .withDuration(Duration.ofMinutes(4)).withRateScale(0.2).withFaults(FAULTS), dir, "capture");
        WindowRecords expected = replayInProcess(capture);

        LivePipeline.Topics input = LivePipeline.Topics.forRun(LivePipeline.newRun("scale"));
        LivePipeline.Published published = LivePipeline.publish(bootstrap, registryUrl, capture, input);
        assertThat(published.flows() + published.lostEvents()).isEqualTo(capture.lines());

        List<String> rates = new ArrayList<>();
        for (int threads : new int[] {1, 4}) {
            WindowRecords actual = run(stack, input, "t" + threads, threads, 1, capture, dir, rates);
            assertSame(actual, expected, threads + " stream thread(s)");
        }
        WindowRecords twoInstances = run(stack, input, "i2t2", 2, 2, capture, dir, rates);
        assertSame(twoInstances, expected, "two instances of 2 stream threads");
        System.out.printf("horizontal scale: %,d events, %s; %s%n", capture.lines(), expected, String.join("; ", rates));
        assertThat(expected.alerts()).as("alert changes").anyMatch(a -> a.contains("LINK_DROP_RATE"));
    }

    private static WindowRecords replayInProcess(SimulatedCapture capture) throws Exception {
        ReplaySettings settings = ReplaySettings.inProcess(Config.builder().defaults(ReplaySettings.DEFAULTS).build(),
                List.of(capture.file()), capture.topology(), "scale-reference");
        ReplayResult result = new InProcessReplay(settings, 2, capture.file().resolveSibling("dead.jsonl"), null).run();
        ReplayReport report = result.report();
        assertThat(report.input().late()).isZero();
        return new WindowRecords(report.links(), report.dns(), report.latency(), report.alerts());
    }

    /** One application over the input with its own output topics, as {@code instances} members of {@code threads}. */
    private static WindowRecords run(LocalStack stack, LivePipeline.Topics input, String name, int threads,
                                     int instances, SimulatedCapture capture, Path dir, List<String> rates)
            throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        LivePipeline.Topics outputs = LivePipeline.Topics.forRun(input.run() + "-" + name);
        LivePipeline.Topics topics = new LivePipeline.Topics(outputs.run(), input.flows(), input.nodes(),
                outputs.links(), outputs.dns(), outputs.latency(), outputs.alerts(), outputs.dlq());
        String applicationId = "flowpulse-" + topics.run();
        List<StreamsApp> apps = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < instances; i++) {
                Map<String, String> config = LivePipeline.streamsConfig(bootstrap, stack.registry().url(), topics,
                        applicationId, dir.resolve("state-" + name + "-" + i), capture.topology());
                config.put("streams.num.stream.threads", Integer.toString(threads));
                StreamsApp app = new StreamsApp(LivePipeline.streamsSettings(config));
                apps.add(app);
                app.start();
            }
            LivePipeline.awaitProcessed(bootstrap, applicationId, input.flows(), PROCESSING_TIMEOUT);
            double seconds = (System.nanoTime() - start) / 1e9;
            rates.add(String.format("%s: %.1f s (%,.0f events/s)", name, seconds, capture.lines() / seconds));
            for (StreamsApp app : apps) {
                assertThat(app.state()).as(name).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(app.pipelineMetrics().lateRecords().count()).as(name + ": records counted late").isZero();
            }
            return LivePipeline.readOutputs(bootstrap, stack.registry().url(), topics);
        } finally {
            apps.forEach(StreamsApp::close);
        }
    }

    private static void assertSame(WindowRecords actual, WindowRecords expected, String what) {
        assertThat(actual.links()).as(what + ": link windows").isEqualTo(expected.links());
        assertThat(actual.dns()).as(what + ": DNS windows").isEqualTo(expected.dns());
        assertThat(actual.latency()).as(what + ": latency windows").isEqualTo(expected.latency());
        assertThat(actual.alerts()).as(what + ": alert changes").isEqualTo(expected.alerts());
    }
}
