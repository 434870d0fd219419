package io.flowpulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    private static Config config(Map<String, String> overrides) {
        return Config.builder().defaults(CommonSettings.CONNECTION).overrides(overrides).build();
    }

    @Test
    void bootstrapAndEveryKafkaSettingThenTheRole() {
        KafkaClientProperties kafka = KafkaClientProperties.from(config(Map.of(
                "kafka.bootstrap.servers", "broker:9093", "kafka.security.protocol", "SSL", "kafka.linger.ms", "5",
                "kafka.acks", "1", "schema.registry.url", "http://registry:8081")));
        assertThat(kafka.bootstrapServers()).isEqualTo("broker:9093");
        assertThat(kafka.overrides()).containsOnly(Map.entry("security.protocol", "SSL"), Map.entry("linger.ms", "5"),
                Map.entry("acks", "1"));

        Properties producer = kafka.producer()
                .withDefault("linger.ms", "20")
                .withDefault("compression.type", "lz4")
                .with("acks", "all")
                .build();
        assertThat(producer)
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SSL")
                .as("a kafka.* setting wins over a role default").containsEntry("linger.ms", "5")
                .containsEntry("compression.type", "lz4")
                .as("a role requirement wins over a kafka.* setting").containsEntry("acks", "all");
    }

    @Test
    void theDefaultConnectionAndNoOverrides() {
        Properties admin = KafkaClientProperties.from(config(Map.of())).admin().build();
        assertThat(admin).containsOnly(Map.entry("bootstrap.servers", "127.0.0.1:9092"));
    }

    @Test
    void bootstrapServersAmongTheOverridesAreIgnored() {
        Properties overrides = new Properties();
        overrides.put("bootstrap.servers", "elsewhere:9092");
        overrides.put("client.id", "x");
        KafkaClientProperties kafka = KafkaClientProperties.of("here:9092", overrides);
        assertThat(kafka.consumer().build()).containsEntry("bootstrap.servers", "here:9092")
                .containsEntry("client.id", "x");
    }

    @Test
    void anEmptyBootstrapSettingIsAnError() {
        assertThatThrownBy(() -> KafkaClientProperties.from(config(Map.of("kafka.bootstrap.servers", ""))))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("kafka.bootstrap.servers");
    }
}
