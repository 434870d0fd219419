package io.flowpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void logsTheCommandWithTheClasspathShortenedToItsSize() {
        String classpath = String.join(File.pathSeparator, "/a.jar", "/b.jar", "/c");
        assertThat(ChildProcess.describe(List.of("java", "-Xmx1g", "-cp", classpath, "kafka.Kafka", "server.properties")))
                .isEqualTo("java -Xmx1g -cp <3 classpath entries> kafka.Kafka server.properties");
    }

    @Test
    void appendsTheOutputOfACommandToItsLog() throws Exception {
        Path log = dir.resolve("tool.log");
        ChildProcess tool = ChildProcess.start(List.of("sh", "-c", "echo formatted; exit 7"), dir, log, LaunchMode.ATTACHED);

        assertThat(tool.waitFor(Duration.ofSeconds(20))).isEqualTo(7);
        assertThat(Files.readAllLines(log)).containsExactly("=== sh -c echo formatted; exit 7", "formatted");
    }
}
