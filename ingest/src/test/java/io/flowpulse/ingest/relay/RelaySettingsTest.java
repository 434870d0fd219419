package io.flowpulse.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.runtime.Config;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelaySettingsTest {

    private static RelaySettings tuned(Map<String, String> overrides) {
        Config config = Config.builder().defaults(RelaySettings.DEFAULTS).environment(Map.of()).overrides(overrides).build();
        return RelaySettings.plaintext("hubble-relay:80").withStreamSettings(config);
    }

    @Test
    void keepalivePingsNoMoreOftenThanARelayWithGrpcGoDefaultsAllows() {
        // grpc-go's default enforcement policy: a client pinging a silent stream more often than every
        // 5 minutes is sent GOAWAY too_many_pings
        assertThat(tuned(Map.of()).keepAliveTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(RelaySettings.plaintext("hubble-relay:80").keepAliveTime()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void streamSettingsComeFromTheConfiguration() {
        RelaySettings s = tuned(Map.of("relay.keepalive", "45s", "relay.flow-control-window-bytes", "65536"));
        assertThat(s.keepAliveTime()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.flowControlWindowBytes()).isEqualTo(65_536);
        assertThat(tuned(Map.of("relay.keepalive", "0s")).keepAliveTime()).isZero();
    }

    @Test
    void keepaliveBelowGrpcsFloorIsRefusedWithTheKey() {
        assertThatThrownBy(() -> tuned(Map.of("relay.keepalive", "5s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relay.keepalive must be 0 (no pings) or at least 10s, got 5s");
    }
}
