package io.flowpulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServiceEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesPrometheusMetricsAndReadiness() throws Exception {
        PrometheusMeterRegistry registry = Metrics.newRegistry("test");
        registry.counter("flowpulse_flows_in").increment(3);
        AtomicBoolean kafkaUp = new AtomicBoolean(false);
        try (ServiceEndpoint endpoint = ServiceEndpoint.start("127.0.0.1", 0, registry)) {
            endpoint.addCheck("kafka", () -> kafkaUp.get()
                    ? HealthCheck.Status.up("connected") : HealthCheck.Status.down("no broker"));

            HttpResponse<String> metrics = get(endpoint.url() + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("flowpulse_flows_in_total{service=\"test\"} 3.0");
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");

            assertThat(get(endpoint.url() + "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(endpoint.url() + "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"kafka\":{\"status\":\"DOWN\",\"detail\":\"no broker\"}");

            kafkaUp.set(true);
            HttpResponse<String> ready = get(endpoint.url() + "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).endsWith("\"status\":\"UP\"}");
        }
    }

    @Test
    void urlOfAnEndpointOnEveryInterfaceIsOneToClickHere() throws Exception {
        try (ServiceEndpoint all = ServiceEndpoint.start("0.0.0.0", 0, Metrics.newRegistry("test"));
             ServiceEndpoint loopback6 = ServiceEndpoint.start("::1", 0, Metrics.newRegistry("test"))) {
            assertThat(all.url()).isEqualTo("http://localhost:" + all.port());
            assertThat(get(all.url() + "/health/live").statusCode()).isEqualTo(200);
            assertThat(loopback6.url()).isEqualTo("http://[0:0:0:0:0:0:0:1]:" + loopback6.port());
            assertThat(get(loopback6.url() + "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void servesOnlyOnTheConfiguredAddress() throws Exception {
        try (ServiceEndpoint endpoint = ServiceEndpoint.start("127.0.0.2", 0, Metrics.newRegistry("test"))) {
            assertThat(endpoint.url()).isEqualTo("http://127.0.0.2:" + endpoint.port());
            assertThat(get(endpoint.url() + "/health/live").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", endpoint.port()), 2000);
                }
            }).isInstanceOf(ConnectException.class);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
