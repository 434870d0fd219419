package io.flowpulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.ingest.kafka.ProducerSettings;
import io.flowpulse.runtime.Config;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {

    private static IngestSettings settings(Map<String, String> overrides) {
        return IngestSettings.from(Config.builder().defaults(IngestSettings.DEFAULTS).overrides(overrides).build());
    }

    @Test
    void defaultsRunAgainstLocalServices() {
        IngestSettings s = settings(Map.of());
        assertThat(s.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(s.registryUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(s.flowsTopic()).isEqualTo("hubble.flows.v1");
        assertThat(s.nodesTopic()).isEqualTo("flowpulse.nodes.v1");
        assertThat(s.dlqTopic()).isEqualTo("flowpulse.dlq.v1");
        assertThat(s.partitions()).isEqualTo(4);
        assertThat(s.replication()).isEqualTo((short) 1);
        assertThat(s.retentionMs()).isEqualTo(604_800_000L);
        assertThat(s.httpHost()).isEqualTo("0.0.0.0");
        assertThat(s.httpPort()).isEqualTo(9401);
        assertThat(IngestSettings.DEFAULTS).doesNotContainKeys("topics.links", "topics.alerts");
    }

    @Test
    void kafkaSettingsReachTheProducerOverItsDefaults() {
        IngestSettings s = settings(Map.of("kafka.bootstrap.servers", "broker:9092", "kafka.linger.ms", "50",
                "kafka.security.protocol", "SSL"));
        assertThat(s.producerOverrides()).doesNotContainKey("bootstrap.servers");
        Properties producer = ProducerSettings.flows(s.kafkaClients());
        assertThat(producer)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "50")
                .containsEntry("security.protocol", "SSL")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, "1");
        assertThat(ProducerSettings.flows(s.bootstrapServers(), s.producerOverrides())).isEqualTo(producer);
    }

    @Test
    void flowsAreZstdCompressedInBatchesThatWaitHalfASecondUnlessConfiguredOtherwise() {
        Properties defaults = ProducerSettings.flows(settings(Map.of()).kafkaClients());
        assertThat(defaults)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, "1")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "500")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "262144");

        Properties lz4 = ProducerSettings.flows(settings(Map.of("kafka.compression.type", "lz4", "kafka.linger.ms", "20"))
                .kafkaClients());
        assertThat(lz4)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20");
    }
}
