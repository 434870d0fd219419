package io.flowpulse.streams.logic.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.sketch.LatencyDigest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LatencyWindowsTest {

    private static final TimeWindow WINDOW = TimeWindow.startingAt(Instant.parse("2024-05-01T10:00:00Z"), Duration.ofSeconds(60));
    private static final LatencyKey KEY = new LatencyKey(LatencyLevel.SUBNET, LatencyKind.TCP_HANDSHAKE, "lab-a", "lab-b");

    @Test
    void handWorkedWindow() {
        LatencyDigest digest = new LatencyDigest()
                .add(4, 40_000_000).add(1, 10_000_000).add(3, 20_000_000).add(2, 30_000_000);
        LatencyWindow w = LatencyWindows.of(KEY, WINDOW, digest);
        assertThat(w.getLevel()).isEqualTo("subnet");
        assertThat(w.getKind()).isEqualTo("tcp_handshake");
        assertThat(w.getSrc()).isEqualTo("lab-a");
        assertThat(w.getDst()).isEqualTo("lab-b");
        assertThat(w.getWindowStart()).isEqualTo(WINDOW.start());
        assertThat(w.getWindowEnd()).isEqualTo(WINDOW.end());
        assertThat(w.getSamples()).isEqualTo(4);
        assertThat(w.getMinMs()).isEqualTo(10.0);
        assertThat(w.getP50Ms()).isEqualTo(20.0);
        assertThat(w.getP90Ms()).isEqualTo(40.0);
        assertThat(w.getP99Ms()).isEqualTo(40.0);
        assertThat(w.getMaxMs()).isEqualTo(40.0);
        assertThat(w.getMeanMs()).isEqualTo(25.0);
        assertThat(w.getStddevMs()).isEqualTo(11.180); // sqrt(125) = 11.1803...
        assertThat(w.getJitterMs()).isEqualTo(16.667); // 50 / 3
        assertThat(w.getExact()).isTrue();
    }

    @Test
    void microsecondPrecision() {
        // 1.2345 ms and 1.2355 ms: mean 1.235 ms, jitter 0.001 ms
        LatencyDigest digest = new LatencyDigest().add(1, 1_234_500).add(2, 1_235_500);
        LatencyWindow w = LatencyWindows.of(KEY, WINDOW, digest);
        assertThat(w.getMinMs()).isEqualTo(1.235);   // 1234.5 us rounds half up
        assertThat(w.getMaxMs()).isEqualTo(1.236);
        assertThat(w.getMeanMs()).isEqualTo(1.235);
        assertThat(w.getJitterMs()).isEqualTo(0.001);
        assertThat(w.getStddevMs()).isEqualTo(0.001); // 0.5 us rounds up to 1 us
    }

    @Test
    void emptyDigestHasNoWindow() {
        assertThatThrownBy(() -> LatencyWindows.of(KEY, WINDOW, new LatencyDigest())).hasMessageContaining("no latency samples");
    }
}
