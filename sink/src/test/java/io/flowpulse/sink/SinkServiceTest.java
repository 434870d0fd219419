package io.flowpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.service.ServiceUnavailableException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The sink as a {@code Service}: built on given clients, started, stopped, failing at start. */
class SinkServiceTest {

    private static final TopicPartition P0 = new TopicPartition("flowpulse.links.v1", 0);

    private final LogBackedMockConsumer consumer = new LogBackedMockConsumer(List.of(P0));
    private final MockProducer<byte[], byte[]> dlq =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    private SinkService service(String clickHouseUrl, PrometheusMeterRegistry registry, Duration startupTimeout) {
        SinkSettings settings = SinkSettings.of(Map.of("clickhouse.url", clickHouseUrl, "clickhouse.database", "unit",
                "sink.linger", "20ms", "sink.retry.initial.backoff", "50ms", "sink.retry.max.backoff", "100ms",
                "sink.retention.days", "0", "sink.avro.transcode", "false"));
        SinkClients clients = new SinkClients(consumer, dlq, SinkClients.clickHouse(settings),
                new SinkLoopTest.LinkValues(), null);
        return new SinkService(settings, clients, registry, startupTimeout);
    }

    @Test
    void consumesOnItsOwnThreadUntilStopped() throws Exception {
        PrometheusMeterRegistry registry = Metrics.newRegistry("sink");
        consumer.append(P0, "link:a", "link:b");
        try (FakeClickHouse clickHouse = new FakeClickHouse();
             SinkService service = service(clickHouse.url(), registry, Duration.ofSeconds(5))) {
            assertThat(service.name()).isEqualTo("sink");
            assertThat(service.metrics()).isSameAs(registry);
            assertThat(service.healthChecks()).containsOnlyKeys("clickhouse");
            assertThat(service.healthChecks().get("clickhouse").check().detail()).startsWith("schema not migrated yet");

            consumer.rebalanceOnNextPoll(List.of(P0));
            service.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> consumer.committedOffsets().equals(Map.of(P0, 2L)));
            assertThat(service.healthChecks().get("clickhouse").check().healthy()).isTrue();
            assertThat(registry.scrape()).contains("flowpulse_sink_rows_written_total{service=\"sink\",table=\"link_windows\"} 2.0");

            service.stop();
            service.await();
        }
        assertThat(consumer.closed()).isTrue();
        assertThat(dlq.closed()).isTrue();
    }

    @Test
    void aClickHouseThatStaysDownAtStartSurfacesAsServiceUnavailable() throws Exception {
        try (SinkService service = service(FakeClickHouse.unreachableUrl(), Metrics.newRegistry("sink"),
                Duration.ofMillis(400))) {
            service.start();
            assertThatThrownBy(service::await).isInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("ClickHouse unavailable").hasMessageContaining("unreachable");
            assertThat(service.healthChecks().get("clickhouse").check().healthy()).isFalse();
        }
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void stoppingWhileWaitingForClickHouseEndsWithoutFailure() throws Exception {
        try (SinkService service = service(FakeClickHouse.unreachableUrl(), Metrics.newRegistry("sink"),
                Duration.ofMinutes(5))) {
            service.start();
            Thread.sleep(200);
            service.stop();
            service.await();
        }
    }
}
