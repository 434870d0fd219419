package io.flowpulse.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** A registry that is down or does not answer ends in a clear error within the retry budget. */
class RegistryUnreachableTest {
    @Test
    void closedPortFailsAfterTheAttemptBudgetNamingTheUrl() throws Exception {
        int port = closedPort();
        SchemaRegistryClient client = SchemaRegistryClient.builder("http://127.0.0.1:" + port)
                .retry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofSeconds(10)))
                .build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.getSchemaById(7))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("Schema registry unreachable: GET http://127.0.0.1:" + port + "/schemas/ids/7")
                .hasMessageContaining("failed after 3 attempt(s)")
                .hasMessageContaining("ConnectException");
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

        // two pauses: 100 ms, then 150 ms (capped)
        assertThat(elapsedMs).isBetween(250L, 3_000L);
    }

    @Test
    void silentServerIsCutOffByTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SchemaRegistryClient client = SchemaRegistryClient.builder("http://127.0.0.1:" + silent.getLocalPort())
                    .requestTimeout(Duration.ofSeconds(30))
                    .retry(new RetryPolicy(100, Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(800)))
                    .build();

            long start = System.nanoTime();
            assertThatThrownBy(() -> client.register("pings-value",
                    SchemaBuilder.record("Ping").fields().requiredLong("at").endRecord()))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("Schema registry unreachable: POST http://127.0.0.1:" + silent.getLocalPort())
                    .hasMessageContaining("within 800 ms")
                    .hasMessageContaining("HttpTimeoutException");
            long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

            assertThat(elapsedMs).isBetween(700L, 3_000L);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
