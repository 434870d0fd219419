package io.flowpulse.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.localstack.LocalStack;
import io.flowpulse.localstack.SchemaRegistry;
import io.flowpulse.testing.LocalStackExtension;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real registry stopped: calls fail with a clear error once the retry budget is spent, then work
 * again. The stack's registry keeps schemas in memory, so the restart empties it: tests in this JVM
 * must not carry registry clients (whose caches would then be stale) across this test.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryDownIntegrationTest {
    private static final Schema PING = SchemaBuilder.record("Ping").namespace("it.down").fields()
            .requiredLong("at").endRecord();

    @Test
    void stoppedRegistryGivesAClearErrorAfterRetries(LocalStack stack) {
        SchemaRegistry registry = stack.registry();
        String url = registry.url();
        SchemaRegistryClient client = SchemaRegistryClient.builder(url)
                .retry(new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(5)))
                .build();
        assertThat(client.register("it.down-value", PING)).isPositive();

        registry.stop();
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.register("it.down.other-value", PING))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("Schema registry unreachable: POST " + url + "/subjects/it.down.other-value/versions")
                    .hasMessageContaining("failed after 4 attempt(s)")
                    .hasMessageContaining("ConnectException");
            long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            // pauses of 100, 200 and 400 ms between the four attempts
            assertThat(elapsedMs).isBetween(700L, 5_000L);
        } finally {
            registry.start();
        }
        assertThat(client.register("it.down.other-value", PING)).isPositive();
    }
}
