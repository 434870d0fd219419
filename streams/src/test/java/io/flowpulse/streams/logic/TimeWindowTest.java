package io.flowpulse.streams.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);

    @Test
    void windowsAreAlignedToTheEpoch() {
        TimeWindow w = TimeWindow.containing(Instant.parse("2021-10-04T11:22:26.592280Z"), MINUTE);
        assertThat(w.start()).isEqualTo(Instant.parse("2021-10-04T11:22:00Z"));
        assertThat(w.end()).isEqualTo(Instant.parse("2021-10-04T11:23:00Z"));
        // the end is exclusive: a record exactly at the end belongs to the next window
        assertThat(TimeWindow.containing(Instant.parse("2021-10-04T11:23:00Z"), MINUTE).start())
                .isEqualTo(Instant.parse("2021-10-04T11:23:00Z"));
        assertThat(TimeWindow.containing(Instant.parse("2021-10-04T11:22:59.999999Z"), MINUTE).start())
                .isEqualTo(Instant.parse("2021-10-04T11:22:00Z"));
        // 7 s windows: 1633346546 s (11:22:26) = 7 * 233335220 + 6 floors to 1633346540
        assertThat(TimeWindow.containing(Instant.parse("2021-10-04T11:22:26Z"), Duration.ofSeconds(7)).start())
                .isEqualTo(Instant.ofEpochSecond(1_633_346_540L));
        assertThat(TimeWindow.containing(Instant.ofEpochSecond(-1), MINUTE).start()).isEqualTo(Instant.ofEpochSecond(-60));
    }

    @Test
    void nextAndStartingAt() {
        TimeWindow w = TimeWindow.startingAt(Instant.parse("2024-05-01T10:00:00Z"), MINUTE);
        assertThat(w.next()).isEqualTo(new TimeWindow(Instant.parse("2024-05-01T10:01:00Z"), Instant.parse("2024-05-01T10:02:00Z")));
        assertThat(w.contains(Instant.parse("2024-05-01T10:00:59Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2024-05-01T10:01:00Z"))).isFalse();
        assertThatThrownBy(() -> TimeWindow.startingAt(Instant.parse("2024-05-01T10:00:30Z"), MINUTE))
                .hasMessageContaining("not aligned");
        assertThatThrownBy(() -> TimeWindow.containing(Instant.EPOCH, Duration.ZERO)).hasMessageContaining("positive");
    }

    @Test
    void millisecondsKeepMicrosecondPrecision() {
        assertThat(Millis.fromNanos(1_234_567L)).isEqualTo(1.235);   // 1234.567 us rounds up
        assertThat(Millis.fromNanos(1_234_499L)).isEqualTo(1.234);   // 1234.499 us rounds down
        assertThat(Millis.fromNanos(1_234_500L)).isEqualTo(1.235);   // halves round up
        assertThat(Millis.fromNanos(250_000_000L)).isEqualTo(250.0);
        assertThat(Millis.fromNanos(0L)).isZero();
        assertThat(Millis.fromNanos(16_666_666.67)).isEqualTo(16.667);
        assertThat(Millis.fromNanos(2_500.0)).isEqualTo(0.003);
    }
}
