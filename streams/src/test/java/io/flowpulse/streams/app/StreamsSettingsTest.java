package io.flowpulse.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.runtime.Config;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import io.flowpulse.streams.topology.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    static StreamsSettings settings(Map<String, String> env, Map<String, String> overrides) {
        return StreamsSettings.from(Config.builder().defaults(StreamsSettings.DEFAULTS).environment(env)
                .overrides(overrides).build());
    }

    @Test
    void defaultsFollowTheSpec() {
        StreamsSettings s = settings(Map.of(), Map.of());
        assertThat(s.flowsTopic()).isEqualTo("hubble.flows.v1");
        assertThat(s.linksTopic()).isEqualTo("flowpulse.links.v1");
        assertThat(s.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.standbyReplicas()).isZero();
        assertThat(s.topologyFile()).isNull();
        assertThat(s.alertThresholds()).isEqualTo(AlertThresholds.DEFAULTS);
    }

    @Test
    void environmentAndOverridesReachEverySetting() {
        StreamsSettings s = settings(
                Map.of("FLOWPULSE_STREAMS_GRACE_SECONDS", "30", "FLOWPULSE_ALERTS_LINK_DROP_RATE", "0.2"),
                Map.of("streams.window.seconds", "300", "streams.num.standby.replicas", "1",
                        "streams.topology.file", "/etc/flowpulse/topology.yaml",
                        "alerts.xsubnet.p99-ms", "150", "kafka.commit.interval.ms", "500"));
        assertThat(s.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.standbyReplicas()).isEqualTo(1);
        assertThat(s.topologyFile()).isEqualTo(Path.of("/etc/flowpulse/topology.yaml"));
        assertThat(s.alertThresholds().linkDropRate()).isEqualTo(0.2);
        assertThat(s.alertThresholds().xsubnetP99Ms()).isEqualTo(150.0);
        assertThat(s.alertThresholds().linkMinEvents()).isEqualTo(20);

        Properties streams = new StreamsApp(s).streamsProperties();
        assertThat(streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(streams.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(streams.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)).isEqualTo("flowpulse.dlq.v1");
        assertThat(streams.get("commit.interval.ms")).isEqualTo("500");
    }

    @Test
    void theTopologysDefaultsAreTheServicesAndTheDefaultsHoldEveryKeyRead() {
        StreamsSettings s = settings(Map.of(), Map.of());
        assertThat(s.window()).isEqualTo(TopologySettings.DEFAULT_WINDOW);
        assertThat(s.grace()).isEqualTo(TopologySettings.DEFAULT_GRACE);
        assertThat(s.watermarkInterval()).isEqualTo(TopologySettings.DEFAULT_WATERMARK_INTERVAL);
        assertThat(s.idleTimeout()).isEqualTo(TopologySettings.DEFAULT_IDLE_TIMEOUT);
        assertThat(s.handshakeTimeout()).isEqualTo(TopologySettings.DEFAULT_HANDSHAKE_TIMEOUT);
        assertThat(s.maxKeysPerWindow()).isEqualTo(TopologySettings.DEFAULT_MAX_KEYS_PER_WINDOW).isEqualTo(50_000);
        assertThat(new StreamsApp(settings(Map.of("FLOWPULSE_STREAMS_WINDOW_MAX_KEYS", "1234"), Map.of()))
                .topologySettings(1).maxKeysPerWindow()).isEqualTo(1234);
        assertThat(s.kafkaClients().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        // without the defaults layer nothing falls back silently
        assertThatThrownBy(() -> StreamsSettings.from(Config.builder().build()))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("missing setting");
    }

    @Test
    void malformedSettingsNameTheKey() {
        assertThatThrownBy(() -> settings(Map.of(), Map.of("streams.window.seconds", "0")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("streams.window.seconds");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("streams.window.max.keys", "0")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("streams.window.max.keys");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("alerts.link.drop-rate", "lots")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("alerts.link.drop-rate");
    }
}
