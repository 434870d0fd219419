package io.flowpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.streams.app.StreamsSettings;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import io.flowpulse.streams.topology.PipelineMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySettingsTest {

    private static final List<Path> INPUT = List.of(Path.of("capture.json"));

    private static ReplaySettings replay(Config config) {
        return ReplaySettings.from(config, INPUT, null, KafkaClientProperties.from(config),
                "http://registry:8081", "run-1", false);
    }

    private static Config config(Map<String, String> defaults, Path file, Map<String, String> env) {
        return Config.builder().defaults(defaults).file(file).environment(env)
                .overrides(Map.of("kafka.bootstrap.servers", "broker:9092")).build();
    }

    @Test
    void withoutSettingsTheReplayAnalysesAsTheStreamsServiceDoesByDefault() {
        ReplaySettings replay = ReplaySettings.of(INPUT, null, "broker:9092", "http://registry:8081", "run-1");
        StreamsSettings streams = StreamsSettings.from(config(StreamsSettings.DEFAULTS, null, Map.of()));
        assertThat(replay.windowSize()).isEqualTo(streams.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(replay.grace()).isEqualTo(streams.grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(replay.handshakeTimeout()).isEqualTo(streams.handshakeTimeout());
        assertThat(replay.maxKeysPerWindow()).isEqualTo(streams.maxKeysPerWindow()).isEqualTo(50_000);
        assertThat(replay.alertThresholds()).isEqualTo(streams.alertThresholds()).isEqualTo(AlertThresholds.DEFAULTS);
        assertThat(replay.flowsPartitions()).isEqualTo(ReplaySettings.DEFAULT_FLOWS_PARTITIONS);
        assertThat(replay.streamThreads()).isEqualTo(ReplaySettings.DEFAULT_STREAM_THREADS);
        assertThat(replay.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(replay.keepTopics()).isFalse();
        assertThat(replay.kafkaOverrides()).isEmpty();
    }

    @Test
    void theLiveServicesSettingsFileGivesTheReplayItsWindowsThresholdsAndClientSettings(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("streams.yaml");
        Files.writeString(file, """
                streams:
                  window.seconds: 30
                  grace.seconds: 5
                  handshake.timeout: 3s
                  window.max.keys: 2000
                alerts:
                  link:
                    drop-rate: 0.01
                    min-events: 50
                kafka:
                  security.protocol: SSL
                  processing.guarantee: exactly_once_v2
                """);
        Map<String, String> env = Map.of("FLOWPULSE_ALERTS_DNS_NXDOMAIN_RATIO", "0.5");
        ReplaySettings replay = replay(config(ReplaySettings.DEFAULTS, file, env));
        StreamsSettings streams = StreamsSettings.from(config(StreamsSettings.DEFAULTS, file, env));

        assertThat(replay.alertThresholds()).isEqualTo(streams.alertThresholds());
        assertThat(replay.alertThresholds().linkDropRate()).isEqualTo(0.01);
        assertThat(replay.alertThresholds().linkMinEvents()).isEqualTo(50);
        assertThat(replay.alertThresholds().nxdomainRatio()).as("dashed key from the environment").isEqualTo(0.5);
        assertThat(replay.windowSize()).isEqualTo(streams.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(replay.grace()).isEqualTo(streams.grace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(replay.handshakeTimeout()).isEqualTo(streams.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(replay.maxKeysPerWindow()).isEqualTo(streams.maxKeysPerWindow()).isEqualTo(2000);
        assertThat(replay.topologySettings(java.util.List.of()).maxKeysPerWindow()).isEqualTo(2000);
        assertThat(replay.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(replay.kafkaOverrides()).containsEntry("security.protocol", "SSL");

        ReplayTopics topics = replay.topics();
        Properties streamsProps = ReplayStreamsConfig.of(replay, topics, dir,
                PipelineMetrics.standalone());
        assertThat(streamsProps)
                .containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("security.protocol", "SSL")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, topics.applicationId())
                .as("the replay's own guarantee wins").containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                        StreamsConfig.AT_LEAST_ONCE);
    }

    @Test
    void wrongSettingsAreReportedBeforeAnythingStarts() {
        assertThatThrownBy(() -> ReplaySettings.check(config(ReplaySettings.DEFAULTS, null,
                Map.of("FLOWPULSE_ALERTS_LINK_DROP_RATE", "lots"))))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("alerts.link.drop-rate");
        assertThatThrownBy(() -> ReplaySettings.check(config(ReplaySettings.DEFAULTS, null,
                Map.of("FLOWPULSE_REPLAY_PARTITIONS", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partition");
        assertThatThrownBy(() -> ReplaySettings.check(config(ReplaySettings.DEFAULTS, null,
                Map.of("FLOWPULSE_STREAMS_WINDOW_SECONDS", "0"))))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("streams.window.seconds");
        ReplaySettings.check(config(ReplaySettings.DEFAULTS, null, Map.of()));
    }
}
