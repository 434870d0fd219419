package io.flowpulse.cli.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.cli.Main;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.schemas.hubble.RecordedCaptures;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowpulse replay --engine flink} on the recorded captures (schemas test jar): exit 0, and its
 * JSON report is byte for byte the Kafka Streams replay's of the same input (the report holds no run id
 * or timing, so nothing is removed before the comparison).
 */
@ExtendWith(LocalStackExtension.class)
class FlinkReplayIntegrationTest {

    @Test
    void theFlinkReplayWritesTheKafkaStreamsReport(LocalStack stack, @TempDir Path dir) throws Exception {
        Path captures = Files.createDirectories(dir.resolve("captures"));
        for (String file : RecordedCaptures.FILES) {
            RecordedCaptures.copy(file, captures, file);
        }
        Path streams = dir.resolve("streams.json");
        Path flink = dir.resolve("flink.json");
        Path flinkHtml = dir.resolve("flink.html");

        assertThat(replay(stack, captures, streams)).as("streams replay exit code").isZero();
        assertThat(replay(stack, captures, flink, "--engine", "flink", "--html", flinkHtml.toString()))
                .as("flink replay exit code").isZero();

        String expected = Files.readString(streams);
        assertThat(expected).contains("\"links\"");
        assertThat(Files.readString(flink)).isEqualTo(expected);
        assertThat(Files.readString(flinkHtml)).contains("<html");
    }

    @Test
    void anUnknownEngineIsAUsageError(@TempDir Path dir) throws Exception {
        Path capture = RecordedCaptures.copy(RecordedCaptures.FILES.get(0), dir, "capture.json");
        assertThat(Main.run("replay", "--engine", "spark", "--input", capture.toString(), "--report",
                dir.resolve("r.json").toString())).isEqualTo(2);
    }

    private static int replay(LocalStack stack, Path input, Path report, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("replay", "--input", input.toString(), "--report",
                report.toString(), "--bootstrap-servers", stack.kafka().bootstrapServers(),
                "--schema-registry-url", stack.registry().url()));
        args.addAll(List.of(more));
        return Main.run(args.toArray(String[]::new));
    }
}
