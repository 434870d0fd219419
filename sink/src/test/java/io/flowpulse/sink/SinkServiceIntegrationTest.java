package io.flowpulse.sink;

import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.ServiceEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class SinkServiceIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void exposesMetricsAndHealthAndCommitsWhatItWrote(LocalStack stack) throws Exception {
        SinkFixture f = new SinkFixture(stack).with("http.host", "127.0.0.1");
        f.produce(f.links, Records.links());
        f.produce(f.alerts, Records.alerts());
        f.produceBytes(f.dns, List.of("garbage".getBytes(StandardCharsets.UTF_8)));
        try (SinkService service = new SinkService(f.settings(), SinkClients.create(f.settings()), Metrics.newRegistry("sink"));
             ServiceEndpoint endpoint = ServiceEndpoint.serve(service, "127.0.0.1", 0)) {
            String base = endpoint.url();
            assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(base + "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("schema not migrated yet");

            service.sink().prepare(Duration.ofSeconds(30));
            assertThat(service.sink().runUntilCaughtUp(Duration.ofSeconds(90))).isTrue();

            HttpResponse<String> ready = get(base + "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"clickhouse\":{\"status\":\"UP\"").contains("18.16");
            String metrics = get(base + "/metrics").body();
            assertThat(metricValue(metrics, "flowpulse_sink_rows_written_total", "table=\"link_windows\"")).isEqualTo(3.0);
            assertThat(metricValue(metrics, "flowpulse_sink_rows_written_total", "table=\"alerts\"")).isEqualTo(2.0);
            assertThat(metricValue(metrics, "flowpulse_sink_dead_letters_total", "reason=\"undeserializable\"")).isEqualTo(1.0);
            assertThat(metricValue(metrics, "flowpulse_sink_batches_total", "table=\"link_windows\"")).isGreaterThanOrEqualTo(1.0);
            assertThat(metrics).contains("flowpulse_sink_consumer_lag").contains("flowpulse_sink_insert_retries_total")
                    .contains("flowpulse_sink_paused");
        }
        // everything read was committed: the group's offsets are the end offsets
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("sink-" + f.id)
                    .partitionsToOffsetAndMetadata().get();
            for (String topic : List.of(f.links, f.alerts, f.dns)) {
                for (int p = 0; p < 2; p++) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
                    long done = committed.containsKey(tp) ? committed.get(tp).offset() : 0;
                    assertThat(done).as(tp.toString()).isEqualTo(end);
                }
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label}. */
    private static double metricValue(String scrape, String name, String label) {
        List<String> lines = scrape.lines().filter(l -> l.startsWith(name + "{") && l.contains(label))
                .collect(Collectors.toList());
        assertThat(lines).as(name + " with " + label).hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
