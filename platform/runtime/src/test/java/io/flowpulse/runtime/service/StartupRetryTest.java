package io.flowpulse.runtime.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartupRetryTest {

    private final List<Duration> pauses = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private StartupRetry retry(Duration patience) {
        return new StartupRetry("test", e -> e instanceof UncheckedIOException, stopping::get, Duration.ofMillis(500),
                Duration.ofSeconds(2), patience, (d, stop) -> pauses.add(d));
    }

    private static StartupRetry.Step failing(AtomicInteger calls, int failures) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw new UncheckedIOException(new java.io.IOException("registry down"));
            }
        };
    }

    @Test
    void aStepThatFailsWhileItsServiceIsDownIsRepeatedWithGrowingPausesUntilItWorks() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        retry(Duration.ofMinutes(1)).run("reading the flows topic", failing(calls, 4));
        assertThat(calls).hasValue(5);
        assertThat(pauses).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(2));
    }

    @Test
    void whenPatienceRunsOutTheServiceCountsAsUnavailable() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry(Duration.ofSeconds(4)).run("reading the flows topic", failing(calls, 100)))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("reading the flows topic still failing after 4 attempts over 3 s")
                .satisfies(e -> assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.UNAVAILABLE));
        assertThat(pauses).hasSize(3);
    }

    @Test
    void otherFailuresAndStopRequestsEndTheStartAtOnce() {
        assertThatThrownBy(() -> retry(Duration.ofMinutes(1)).run("x", () -> {
            throw new IllegalArgumentException("bad setting");
        })).isInstanceOf(IllegalArgumentException.class);
        stopping.set(true);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry(Duration.ofMinutes(1)).run("x", failing(calls, 1)))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(calls).hasValue(1);
        assertThat(pauses).isEmpty();
    }
}
