package io.flowpulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCapAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1));
        assertThat(b.nextDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(b.nextDelay()).isEqualTo(Duration.ofMillis(400));
        assertThat(b.nextDelay()).isEqualTo(Duration.ofMillis(800));
        assertThat(b.nextDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.nextDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.failures()).isEqualTo(5);
        b.reset();
        assertThat(b.failures()).isZero();
        assertThat(b.nextDelay()).isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
