package io.flowpulse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged distribution, run the way users run it: the {@code ./flowpulse} launcher over
 * {@code cli/app/target/flowpulse-cli.jar} and {@code target/lib}, in a JVM of its own. The other
 * tests of this module run the commands on Maven's test class path, which holds test-scoped
 * libraries the distribution does not ship; this one catches a library missing at run time.
 */
class DistributionIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COMMANDS = List.of("demo", "stack", "ingest", "streams", "sink", "replay", "simulate");

    @Test
    void everyCommandAnswersHelp(@TempDir Path dir) throws Exception {
        for (String command : COMMANDS) {
            Run help = flowpulse(dir, command, "--help");
            assertThat(help.exitCode()).as(command + " --help: " + help.output()).isZero();
            assertThat(help.output()).contains("Usage: flowpulse " + command);
        }
        Run top = flowpulse(dir, "--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.output()).contains(COMMANDS);
    }

    @Test
    void wrongUsageExitsWithTwoAndSaysWhy(@TempDir Path dir) throws Exception {
        Run missingReport = flowpulse(dir, "replay", "--input", "capture.json");
        assertThat(missingReport.exitCode()).isEqualTo(2);
        assertThat(missingReport.output()).contains("--report");
        Run unknown = flowpulse(dir, "simulate", "--no-such-option");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("--no-such-option");
    }

    /** A simulated capture and its topology (YAML) replayed into a report, with a local Kafka and registry the replay starts itself. */
    @Test
    void simulatedCaptureReplaysIntoAReport(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("capture.json.gz");
        Path topology = dir.resolve("topology.yaml");
        Run simulate = flowpulse(dir, "simulate", "--out", capture.toString(), "--topology-out", topology.toString(),
                "--minutes", "3", "--seed", "5", "--progress-seconds", "0");
        assertThat(simulate.exitCode()).as(simulate.output()).isZero();
        assertThat(Files.readString(topology)).contains("subnets:", "lab-a", "podCIDRs");

        Path report = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        Run replay = flowpulse(dir, "replay", "--input", capture.toString(), "--topology", topology.toString(),
                "--report", report.toString(), "--html", html.toString());
        assertThat(replay.exitCode()).as(replay.output()).isZero();

        JsonNode result = JSON.readTree(report.toFile());
        CaptureCounts counts = count(capture);
        assertThat(result.path("input").path("flows").asLong()).isEqualTo(counts.flows());
        assertThat(result.path("input").path("lost_events").asLong()).isEqualTo(counts.lostEvents());
        assertThat(result.path("input").path("invalid").asLong()).isZero();
        assertThat(result.path("input").path("late").asLong()).isZero();
        Set<String> subnets = new TreeSet<>();
        for (JsonNode link : result.path("links")) {
            if (link.path("level").asText().equals("subnet")) {
                subnets.add(link.path("src").asText());
                subnets.add(link.path("dst").asText());
            }
        }
        // the topology file named the subnets: the five of the built-in model, and the world outside
        assertThat(subnets).contains("lab-a", "lab-b", "lab-c", "cloud-d", "edge-e")
                .isSubsetOf("lab-a", "lab-b", "lab-c", "cloud-d", "edge-e", "external");
        assertThat(result.path("latency").size()).isPositive();
        assertThat(Files.readString(html)).contains("<svg");
    }

    private record CaptureCounts(long flows, long lostEvents) {
    }

    private static CaptureCounts count(Path gzipCapture) throws IOException {
        long flows = 0;
        long lost = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gzipCapture)), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode event = JSON.readTree(line);
                if (event.has("flow")) {
                    flows++;
                } else if (event.has("lost_events")) {
                    lost++;
                }
            }
        }
        return new CaptureCounts(flows, lost);
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs the launcher with the given arguments in {@code dir}; output is stdout and stderr together. */
    private static Run flowpulse(Path dir, String... args) throws IOException, InterruptedException {
        Path launcher = Repository.root().resolve("flowpulse");
        assertThat(Repository.root().resolve("cli/app/target/flowpulse-cli.jar"))
                .as("the distribution is built by the package phase, before integration tests").exists();
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "flowpulse-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("FLOWPULSE_SKIP_BUILD", "1");
        builder.environment().put("FLOWPULSE_JAVA_OPTS", "-Xmx1g");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("flowpulse " + String.join(" ", args) + " did not end within 4 minutes:\n"
                    + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }
}
