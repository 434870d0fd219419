package io.flowpulse.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.runtime.Metrics;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert records on the real local Kafka (Avro through the real registry) -> the forwarder -> a real
 * Alertmanager (Debian's prometheus-alertmanager, started here) and a webhook receiver of the test.
 */
@ExtendWith(LocalStackExtension.class)
class AlertForwarderIntegrationTest {

    private static final Instant WINDOW = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));

    @TempDir
    Path tmp;

    @Test
    void firingThenResolvedReachAlertmanagerAndTheWebhook(LocalStack stack) throws Exception {
        String topic = "it.alerts.forward.basic";
        createTopic(stack, topic);
        Alert firing = Alerts.firing("LINK_DROP_RATE", "subnet:lab-a->lab-b", "CRITICAL", WINDOW);
        Alert resolved = Alerts.resolved("LINK_DROP_RATE", "subnet:lab-a->lab-b", "CRITICAL", WINDOW.plusSeconds(120));
        String matcher = "flowpulse_id=\"" + firing.getId() + "\"";

        try (WebhookReceiver notifications = new WebhookReceiver("/notify");
             WebhookReceiver webhook = new WebhookReceiver("/hook");
             AlertmanagerProcess alertmanager = AlertmanagerProcess.start(tmp, notifications.url())) {
            produce(stack, topic, firing);
            try (AlertForwarderService forwarder = forwarder(stack, topic, "it-basic", alertmanager.url(), webhook.url())) {
                forwarder.start();

                await().atMost(Duration.ofSeconds(30)).until(() -> alertmanager.alerts(matcher).size() == 1);
                JsonNode active = alertmanager.alerts(matcher).get(0);
                assertThat(active.get("status").get("state").asText()).isEqualTo("active");
                assertThat(active.get("labels").get("alertname").asText()).isEqualTo("LINK_DROP_RATE");
                assertThat(active.get("labels").get("subject").asText()).isEqualTo("subnet:lab-a->lab-b");
                assertThat(active.get("labels").get("severity").asText()).isEqualTo("critical");
                assertThat(active.get("labels").get("flowpulse_scope").asText()).isEqualTo("subnet");
                assertThat(active.get("annotations").get("threshold").asText()).isEqualTo("0.05");
                assertThat(Instant.parse(active.get("startsAt").asText())).isEqualTo(WINDOW);
                assertThat(Instant.parse(active.get("endsAt").asText())).isAfter(Instant.now().plus(Duration.ofHours(23)));
                await().atMost(Duration.ofSeconds(30)).until(() -> notified(notifications, "firing"));

                produce(stack, topic, resolved);
                await().atMost(Duration.ofSeconds(30)).until(() -> alertmanager.alerts(matcher).isEmpty());
                await().atMost(Duration.ofSeconds(30)).until(() -> notified(notifications, "resolved"));
                JsonNode ended = notifications.delivered().stream()
                        .filter(n -> n.get("status").asText().equals("resolved")).findFirst().orElseThrow()
                        .get("alerts").get(0);
                assertThat(ended.get("labels").get("flowpulse_id").asText()).isEqualTo(firing.getId());
                assertThat(Instant.parse(ended.get("startsAt").asText())).isEqualTo(WINDOW);
                assertThat(Instant.parse(ended.get("endsAt").asText())).isEqualTo(resolved.getWindowEnd());

                await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.forwarderMetrics().recordCount() == 2);
                assertThat(webhook.delivered()).extracting(b -> b.get("state").asText()).containsExactly("FIRING", "RESOLVED");
                assertThat(webhook.requests()).extracting(WebhookReceiver.Request::idempotencyKey)
                        .containsExactly(topic + "/0/0", topic + "/0/1");
                assertThat(forwarder.forwarderMetrics().deliveredCount("alertmanager")).isEqualTo(2);
                assertThat(forwarder.healthChecks().get("targets").check().healthy()).isTrue();
            }
            // Alertmanager itself told its receiver once of each
            assertThat(notifications.delivered()).extracting(n -> n.get("status").asText())
                    .containsExactly("firing", "resolved");
        }
    }

    @Test
    void aRestartSendsNothingTwiceAndAFailingWebhookIsRetriedCountedAndNotLost(LocalStack stack) throws Exception {
        String topic = "it.alerts.forward.restart";
        createTopic(stack, topic);
        Alert a = Alerts.firing("DNS_SERVFAIL", "dns:shop/web", "WARNING", WINDOW);
        Alert b = Alerts.firing("XSUBNET_JITTER", "pair:lab-a->edge", "WARNING", WINDOW);
        Alert aResolved = Alerts.resolved("DNS_SERVFAIL", "dns:shop/web", "WARNING", WINDOW.plusSeconds(120));

        try (WebhookReceiver webhook = new WebhookReceiver("/hook")) {
            produce(stack, topic, a);
            try (AlertForwarderService first = forwarder(stack, topic, "it-restart", null, webhook.url())) {
                first.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> first.forwarderMetrics().recordCount() == 1);
            }
            assertThat(webhook.delivered()).hasSize(1);

            webhook.answer(500);
            produce(stack, topic, b);
            try (AlertForwarderService second = forwarder(stack, topic, "it-restart", null, webhook.url())) {
                second.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> second.forwarderMetrics().failureCount("webhook") >= 3);
                assertThat(second.healthChecks().get("targets").check().healthy()).isFalse();
                assertThat(second.healthChecks().get("targets").check().detail()).contains("HTTP 500");
                assertThat(second.forwarderMetrics().recordCount()).isZero();
            }
            long failedAttempts = webhook.failedAttempts();
            assertThat(failedAttempts).isGreaterThanOrEqualTo(3);

            webhook.answer(200);
            produce(stack, topic, aResolved);
            try (AlertForwarderService third = forwarder(stack, topic, "it-restart", null, webhook.url())) {
                third.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> third.forwarderMetrics().recordCount() == 2);
                Thread.sleep(1000); // nothing more may come
            }
            assertThat(webhook.delivered()).extracting(n -> n.get("id").asText() + " " + n.get("state").asText())
                    .containsExactly(a.getId() + " FIRING", b.getId() + " FIRING", a.getId() + " RESOLVED");
            assertThat(webhook.delivered()).extracting(n -> n.get("delivery_id").asText())
                    .containsExactly(topic + "/0/0", topic + "/0/1", topic + "/0/2");
            assertThat(webhook.failedAttempts()).isEqualTo(failedAttempts);
        }
    }

    private static AlertForwarderService forwarder(LocalStack stack, String topic, String group, String alertmanagerUrl,
                                                   String webhookUrl) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        settings.put("schema.registry.url", stack.registry().url());
        settings.put("topics.alerts", topic);
        settings.put("alerts.forward.group.id", group);
        settings.put("alerts.forward.retry.initial.backoff", "100ms");
        settings.put("alerts.forward.retry.max.backoff", "500ms");
        settings.put("alerts.forward.timeout", "5s");
        settings.put("http.port", "0");
        if (alertmanagerUrl != null) {
            settings.put("alerts.forward.alertmanager.url", alertmanagerUrl);
        }
        if (webhookUrl != null) {
            settings.put("alerts.forward.webhook.url", webhookUrl);
        }
        AlertForwarderSettings s = AlertForwarderSettings.of(settings);
        return new AlertForwarderService(s, AlertForwarderClients.create(s), Metrics.newRegistry("alert-forwarder"));
    }

    private static boolean notified(WebhookReceiver notifications, String status) {
        return notifications.delivered().stream().anyMatch(n -> n.get("status").asText().equals(status));
    }

    private static void createTopic(LocalStack stack, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static void produce(LocalStack stack, String topic, Alert alert) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serializer<Alert> values = (Serializer) AvroSerde.specific(Alert.class,
                SchemaRegistryClient.builder(stack.registry().url()).build()).serializer();
        try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(p, new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>(topic, alert.getId(), alert)).get();
        }
    }
}
