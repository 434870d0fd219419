package io.flowpulse.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.runtime.Config;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class AlertForwarderSettingsTest {

    @Test
    void defaultsWithOneTarget() {
        AlertForwarderSettings s = AlertForwarderSettings.of(Map.of("alerts.forward.webhook.url", "http://127.0.0.1:9/hook"));
        assertThat(s.alertmanagerUrl()).isEmpty();
        assertThat(s.groupId()).isEqualTo("flowpulse-alert-forwarder");
        assertThat(s.alertsTopic()).isEqualTo("flowpulse.alerts.v1");
        assertThat(s.firingTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(s.refreshInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.httpPort()).isEqualTo(9407);
        assertThat(AlertForwarderClients.targets(s, HttpJsonPoster.client(Duration.ofSeconds(1))))
                .extracting(AlertTarget::name).containsExactly("webhook");
    }

    @Test
    void refusesNoTargetAndMalformedValues() {
        assertThatThrownBy(() -> AlertForwarderSettings.of(Map.of()))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("alerts.forward.alertmanager.url");
        assertThatThrownBy(() -> AlertForwarderSettings.of(Map.of("alerts.forward.alertmanager.url", "alertmanager:9093")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("http://");
        assertThatThrownBy(() -> AlertForwarderSettings.of(Map.of("alerts.forward.webhook.url", "http://h/",
                "alerts.forward.retry.initial.backoff", "2m", "alerts.forward.retry.max.backoff", "1m")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("backoff");
        assertThatThrownBy(() -> AlertForwarderSettings.of(Map.of("alerts.forward.webhook.url", "http://h/",
                "alerts.forward.alertmanager.firing-ttl", "1m")))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("firing-ttl");
    }

    @Test
    void theConsumerCommitsItselfReadsCommittedRecordsAndTakesKafkaSettings() {
        AlertForwarderSettings s = AlertForwarderSettings.of(Map.of("alerts.forward.alertmanager.url", "http://am:9093",
                "alerts.forward.group.id", "g1", "kafka.enable.auto.commit", "true", "kafka.security.protocol", "SSL",
                "kafka.max.poll.records", "10"));
        Properties p = AlertForwarderClients.consumerProperties(s);
        assertThat(p).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "g1")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry("security.protocol", "SSL")
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10")
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }
}
