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
    void gettersWithoutFallbackReadTheDefaultsLayer() {
        Config config = Config.builder()
                .defaults(Map.of("window.seconds", "60", "grace", "10s", "strict", "true", "rate", "0.05",
                        "password", "", "hosts", "a,b"))
                .environment(Map.of("FLOWPULSE_WINDOW_SECONDS", ""))
                .overrides(Map.of("rate", "0.01"))
                .build();
        assertThat(config.getInt("window.seconds")).as("an empty value counts as unset").isEqualTo(60);
        assertThat(config.getDuration("grace")).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.getBoolean("strict")).isTrue();
        assertThat(config.getDouble("rate")).isEqualTo(0.01);
        assertThat(config.get("password")).isEmpty();
        assertThat(config.optional("password")).isEmpty();
        assertThat(config.optional("rate")).contains("0.01");
        assertThat(config.getList("hosts")).containsExactly("a", "b");
        assertThat(config.source("rate")).isEqualTo("override");
        assertThat(config.source("grace")).isEqualTo("default");
    }

    @Test
    void aKeyWithoutValueOrDefaultIsAClearError() {
        Config config = Config.builder().defaults(Map.of("password", "")).build();
        assertThatThrownBy(() -> config.getInt("window.seconds"))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("missing setting 'window.seconds'")
                .hasMessageContaining("FLOWPULSE_WINDOW_SECONDS");
        assertThatThrownBy(() -> config.get("topics.flows")).hasMessageContaining("topics.flows");
        assertThatThrownBy(() -> config.getLong("password")).as("an empty default is no number")
                .hasMessageContaining("missing setting 'password'");
        assertThat(config.optional("topics.flows")).isEmpty();
        Config huge = Config.builder().overrides(Map.of("n", "9999999999")).build();
        assertThatThrownBy(() -> huge.getInt("n")).hasMessageContaining("'n'");
    }

    @Test
    void defaultsOfSharedSettingsAreJoinedOnce() {
        Map<String, String> joined = CommonSettings.join(CommonSettings.CONNECTION, CommonSettings.http(9000));
        assertThat(joined).containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("http.port", "9000");
        assertThat(joined.keySet()).containsExactly("kafka.bootstrap.servers", "schema.registry.url", "http.host",
                "http.port");
        assertThatThrownBy(() -> CommonSettings.join(CommonSettings.http(1), CommonSettings.http(2)))
                .hasMessageContaining("http.host");
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
