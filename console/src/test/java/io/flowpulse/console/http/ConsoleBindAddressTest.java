package io.flowpulse.console.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.console.ConsoleMetrics;
import io.flowpulse.console.history.EventHub;
import io.flowpulse.console.history.EventLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The page is served on the configured address only (console.host): 127.0.0.2 answers, 127.0.0.1 does not. */
class ConsoleBindAddressTest {

    @Test
    void servesOnlyOnTheConfiguredAddress() throws Exception {
        ConsoleMetrics metrics = new ConsoleMetrics(new SimpleMeterRegistry());
        EventHub hub = new EventHub(new EventLog(100, Duration.ofMinutes(1), System::currentTimeMillis, 1), 16,
                n -> metrics.overflow());
        ConsoleServer server = ConsoleServer.start(new ConsoleServer.Options("127.0.0.2", 0, "", 4,
                Duration.ofSeconds(1)), hub, metrics, () -> "{}");
        try {
            assertThat(server.url()).startsWith("http://127.0.0.2:");
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.url())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
                }
            }).isInstanceOf(ConnectException.class);
        } finally {
            server.close();
        }
    }
}
