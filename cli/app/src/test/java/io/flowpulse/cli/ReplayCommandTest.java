package io.flowpulse.cli;

import io.flowpulse.runtime.service.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings the replay refuses before it starts anything (no Kafka needed). */
class ReplayCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String err) {
    }

    private Run replay(String... more) throws Exception {
        Path capture = dir.resolve("capture.json");
        Files.writeString(capture, "");
        String[] args = new String[4 + more.length];
        args[0] = "replay";
        args[1] = "--input=" + capture;
        args[2] = "--report";
        args[3] = dir.resolve("report.json").toString();
        System.arraycopy(more, 0, args, 4, more.length);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.run(args), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void aThresholdFromTheSettingsFileIsCheckedFirst() throws Exception {
        Path settings = dir.resolve("flowpulse.yaml");
        Files.writeString(settings, "alerts:\n  link:\n    drop-rate: lots\n");
        Run run = replay("--config", settings.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("alerts.link.drop-rate").contains("lots");
    }

    @Test
    void setWinsOverTheFileAndTheOptions() throws Exception {
        Path settings = dir.resolve("flowpulse.yaml");
        Files.writeString(settings, "replay:\n  partitions: 0\n");
        Run fromFile = replay("--config", settings.toString());
        assertThat(fromFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromFile.err()).contains("partition");
        Run option = replay("--config", settings.toString(), "--partitions", "-1");
        assertThat(option.err()).contains("-1");
        Run set = replay("--config", settings.toString(), "--partitions", "2", "--set", "replay.partitions=-3");
        assertThat(set.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(set.err()).contains("-3");
    }

    @Test
    void windowsAreWholeSecondsAndTheClusterNeedsItsRegistry() throws Exception {
        Run window = replay("--window", "1500ms");
        assertThat(window.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(window.err()).contains("--window").contains("whole number of seconds");
        Run cluster = replay("--set", "kafka.bootstrap.servers=broker:9092");
        assertThat(cluster.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cluster.err()).contains("schema.registry.url");
    }
}
