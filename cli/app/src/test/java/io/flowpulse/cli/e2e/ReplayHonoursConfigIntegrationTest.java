package io.flowpulse.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowpulse.cli.Main;
import io.flowpulse.cli.ServiceOptions;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.replay.report.ReportFormats;
import io.flowpulse.runtime.Config;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.FaultSpec;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.streams.app.StreamsSettings;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A settings file that lowers the link drop-rate threshold, given to {@code flowpulse replay --config}
 * and to the live streams service: a capture whose one faulty link drops a few percent of its
 * events (below the default threshold of 5 %, above the file's) makes the replay fire that link's
 * alert, which the defaults do not, and the replay's alert changes are exactly the live service's.
 */
@ExtendWith(LocalStackExtension.class)
class ReplayHonoursConfigIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINK = "LINK_DROP_RATE:workload:shop/web->data/postgres";
    private static final double LOWERED = 0.005;

    /** Loads the live service's configuration as {@code flowpulse streams} does, through the same options. */
    @Command(name = "streams")
    static final class StreamsOptions implements Runnable {
        @Mixin
        ServiceOptions service;

        @Override
        public void run() {
        }
    }

    @Test
    void theReplayFiresWhatTheLiveServiceFiresWithTheSameSettingsFile(LocalStack stack, @TempDir Path dir)
            throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String registryUrl = stack.registry().url();
        ClusterModel model = ModelLoader.defaultModel();
        SimulatedCapture capture = SimulatedCapture.write(model, SimulationOptions.forModel(model).withSeed(3)
                .withDuration(Duration.ofMinutes(5)).withRateScale(0.3)
                .withFaults(List.of(FaultSpec.parse("policy-drop=shop/web->data/postgres,fraction=0.05"))),
                dir, "capture");
        Path settings = dir.resolve("flowpulse.yaml");
        Files.writeString(settings, "alerts:\n  link:\n    drop-rate: " + LOWERED + "\n");

        JsonNode withDefaults = replay(stack, capture, dir.resolve("defaults.json"));
        JsonNode withFile = replay(stack, capture, dir.resolve("file.json"), "--config", settings.toString());

        List<Double> linkDropRates = new ArrayList<>();
        withDefaults.get("links").forEach(link -> {
            if (link.get("level").asText().equals("workload") && link.get("src").asText().equals("shop/web")
                    && link.get("dst").asText().equals("data/postgres")) {
                linkDropRates.add(link.get("drop_rate").asDouble());
            }
        });
        System.out.println("replay honours config: drop rates of shop/web->data/postgres " + linkDropRates);
        assertThat(linkDropRates).as("a modest drop rate: below the default threshold, above the file's")
                .isNotEmpty().allMatch(rate -> rate < 0.05).anyMatch(rate -> rate >= LOWERED);

        Set<String> firedWithDefaults = firing(withDefaults);
        Set<String> firedWithFile = firing(withFile);
        System.out.printf("replay honours config: fired with defaults %s; with the file %s%n", firedWithDefaults,
                firedWithFile);
        assertThat(firedWithDefaults).doesNotContain(LINK);
        assertThat(firedWithFile).contains(LINK).containsAll(firedWithDefaults).hasSizeGreaterThan(
                firedWithDefaults.size());
        withFile.get("alerts").forEach(alert -> {
            if (alert.get("kind").asText().equals("LINK_DROP_RATE")) {
                assertThat(alert.get("threshold").asDouble()).isEqualTo(LOWERED);
            }
        });

        LivePipeline.Topics topics = LivePipeline.Topics.forRun(LivePipeline.newRun("config"));
        LivePipeline.publish(bootstrap, registryUrl, capture, topics);
        String applicationId = "flowpulse-" + topics.run();
        StreamsOptions options = new StreamsOptions();
        new CommandLine(options).parseArgs("--config", settings.toString());
        Config config = options.service.load(StreamsSettings.DEFAULTS, LivePipeline.streamsConfig(bootstrap,
                registryUrl, topics, applicationId, dir.resolve("state"), capture.topology()));
        List<String> live;
        try (StreamsApp app = new StreamsApp(StreamsSettings.from(config))) {
            app.start();
            LivePipeline.awaitProcessed(bootstrap, applicationId, topics.flows(), Duration.ofMinutes(3));
            LivePipeline.awaitNoOpenTransactions(bootstrap, List.of(topics.alerts()), Duration.ofMinutes(1));
            live = changes(LivePipeline.readTopic(bootstrap, topics.alerts(), AvroSerde.specific(Alert.class,
                    SchemaRegistryClient.builder(registryUrl).build()).deserializer()));
        }
        assertThat(live).as("the live service's alert changes with the same file").isEqualTo(changes(withFile));
    }

    private static JsonNode replay(LocalStack stack, SimulatedCapture capture, Path report, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("replay", "--input", capture.file().toString(),
                "--topology", capture.topology().toString(), "--report", report.toString(),
                "--bootstrap-servers", stack.kafka().bootstrapServers(),
                "--schema-registry-url", stack.registry().url()));
        args.addAll(List.of(more));
        int exit = Main.run(args.toArray(String[]::new));
        assertThat(exit).as("replay %s exit code", List.of(more)).isZero();
        return JSON.readTree(report.toFile());
    }

    private static Set<String> firing(JsonNode report) {
        Set<String> ids = new TreeSet<>();
        report.get("alerts").forEach(alert -> {
            if (alert.get("state").asText().equals("FIRING")) {
                ids.add(alert.get("id").asText());
            }
        });
        return ids;
    }

    /** Each alert change of a report as id, state, window, severity and threshold; sorted. */
    private static List<String> changes(JsonNode report) {
        List<String> changes = new ArrayList<>();
        report.get("alerts").forEach(alert -> changes.add(String.join(" ", alert.get("id").asText(),
                alert.get("state").asText(), alert.get("window_start").asText(), alert.get("severity").asText(),
                String.valueOf(alert.get("threshold").asDouble()))));
        return changes.stream().sorted().toList();
    }

    /** The same, of alert records read from the live alerts topic. */
    private static List<String> changes(List<Alert> alerts) {
        return alerts.stream().map(alert -> String.join(" ", alert.getId(), alert.getState(),
                ReportFormats.windowTime(alert.getWindowStart()), alert.getSeverity(),
                String.valueOf(Double.parseDouble(ReportFormats.ratio("threshold", alert.getThreshold())))))
                .sorted().toList();
    }
}
