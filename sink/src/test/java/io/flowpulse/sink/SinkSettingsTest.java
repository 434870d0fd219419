package io.flowpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.runtime.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkSettingsTest {

    @Test
    void defaultsRunAgainstLocalServices() {
        SinkSettings s = SinkSettings.of(Map.of());
        assertThat(s.clickHouseUrl()).isEqualTo("http://127.0.0.1:8123");
        assertThat(s.database()).isEqualTo("flowpulse");
        assertThat(s.batchRows()).isEqualTo(50_000);
        assertThat(s.linger()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.retentionDays()).isEqualTo(30);
        assertThat(s.rawFlows()).isFalse();
        assertThat(s.transcodeAvro()).isTrue();
        assertThat(s.inputTopics()).containsExactly("flowpulse.links.v1", "flowpulse.dns.v1", "flowpulse.latency.v1",
                "flowpulse.alerts.v1");
        assertThat(s.httpPort()).isEqualTo(9404);
    }

    @Test
    void fileEnvironmentAndOverridesLayer(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sink.yaml");
        Files.writeString(file, """
                clickhouse:
                  url: http://ch:8123
                  database: analytics
                sink:
                  batch:
                    rows: 20000
                  raw:
                    flows: true
                    flows.sample.ratio: 0.25
                kafka:
                  max.poll.records: 1000
                """);
        Config config = Config.builder().defaults(SinkSettings.DEFAULTS).file(file)
                .environment(Map.of("FLOWPULSE_SINK_LINGER", "250ms"))
                .overrides(Map.of("sink.retention.days", "7")).build();
        SinkSettings s = SinkSettings.from(config);
        assertThat(s.clickHouseUrl()).isEqualTo("http://ch:8123");
        assertThat(s.database()).isEqualTo("analytics");
        assertThat(s.batchRows()).isEqualTo(20_000);
        assertThat(s.linger()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.retentionDays()).isEqualTo(7);
        assertThat(s.flowSampleRatio()).isEqualTo(0.25);
        assertThat(s.inputTopics()).endsWith("hubble.flows.v1");
        assertThat(s.kafkaOverrides()).containsEntry("max.poll.records", "1000").doesNotContainKey("bootstrap.servers");
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> SinkSettings.of(Map.of("sink.batch.rows", "0")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("sink.batch.rows");
        assertThatThrownBy(() -> SinkSettings.of(Map.of("sink.retention.days", "-1")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("sink.retention.days");
        assertThatThrownBy(() -> SinkSettings.of(Map.of("sink.raw.flows.sample.ratio", "1.5")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("ratio");
        assertThatThrownBy(() -> SinkSettings.of(Map.of("clickhouse.database", "flow-pulse; DROP")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("clickhouse.database");
        assertThatThrownBy(() -> SinkSettings.of(Map.of("clickhouse.url", "127.0.0.1:8123")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("clickhouse.url");
        assertThatThrownBy(() -> SinkSettings.of(Map.of("sink.linger", "soon")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("sink.linger");
    }
}
