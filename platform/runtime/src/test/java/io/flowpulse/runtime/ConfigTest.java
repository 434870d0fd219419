package io.flowpulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @TempDir
    Path dir;

    @Test
    void laterLayersWinAndYamlFlattensToDottedKeys() throws Exception {
        Path file = dir.resolve("flowpulse.yaml");
        Files.writeString(file, "kafka:\n  bootstrap.servers: file:9092\n  acks: all\nwindow:\n  seconds: 30\n"
                + "topics: [a, b]\n");
        Config config = Config.builder()
                .defaults(Map.of("kafka.bootstrap.servers", "default:9092", "window.seconds", "60", "grace", "10s"))
                .file(file)
                .environment(Map.of("FLOWPULSE_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "PATH", "/bin",
                        "FLOWPULSE_SINK_BATCH_ROWS", "5000"))
                .overrides(Map.of("window.seconds", "15"))
                .build();

        assertThat(config.get("kafka.bootstrap.servers", null)).isEqualTo("env:9092");
        assertThat(config.get("kafka.acks", null)).isEqualTo("all");
        assertThat(config.getInt("window.seconds", 0)).isEqualTo(15);
        assertThat(config.getLong("sink.batch.rows", 0)).isEqualTo(5000);
        assertThat(config.getDuration("grace", null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.getList("topics", List.of())).containsExactly("a", "b");
        assertThat(config.withPrefix("kafka")).containsEntry("bootstrap.servers", "env:9092").containsEntry("acks", "all");
        assertThat(config.describe().get("kafka.bootstrap.servers")).endsWith("(env)");
    }

    @Test
    void malformedValuesNameTheKey() {
        Config config = Config.builder().overrides(Map.of("window.seconds", "sixty", "strict", "maybe")).build();
        assertThatThrownBy(() -> config.getInt("window.seconds", 60))
                .hasMessageContaining("window.seconds").hasMessageContaining("sixty");
        assertThatThrownBy(() -> config.getBoolean("strict", false)).hasMessageContaining("true or false");
        assertThatThrownBy(() -> config.require("kafka.bootstrap.servers"))
                .hasMessageContaining("FLOWPULSE_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> Config.builder().file(dir.resolve("nope.yaml")))
                .hasMessageContaining("nope.yaml").hasMessageContaining("does not exist");
    }

    @Test
    void durationsInHumanAndIsoForm() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> Durations.parse("5 fortnights")).isInstanceOf(IllegalArgumentException.class);
    }
}
