package io.flowpulse.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowpulse.schemas.avro.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-03-01T10:05:00Z");

    @Test
    void firingBecomesAnActiveAlertmanagerAlertWithLabelsAnnotationsAndATtl() {
        Alert alert = Alerts.firing("LINK_DROP_RATE", "subnet:lab-a->lab-b", "CRITICAL", Alerts.WINDOW);
        JsonNode json = AlertPayloads.alertmanager(alert, NOW, Duration.ofHours(24), "http://console:9405/");

        assertThat(JSON.convertValue(json.get("labels"), Map.class)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "alertname", "LINK_DROP_RATE",
                "subject", "subnet:lab-a->lab-b",
                "severity", "critical",
                "flowpulse_id", "LINK_DROP_RATE:subnet:lab-a->lab-b",
                "flowpulse_kind", "LINK_DROP_RATE",
                "flowpulse_scope", "subnet"));
        assertThat(JSON.convertValue(json.get("annotations"), Map.class)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "summary", "drop rate 12.5% on subnet:lab-a->lab-b (threshold 5%)",
                "value", "0.125",
                "threshold", "0.05",
                "window", "2025-03-01T10:00:00Z/2025-03-01T10:01:00Z",
                "state", "FIRING"));
        assertThat(json.get("startsAt").asText()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(json.get("endsAt").asText()).isEqualTo("2025-03-02T10:05:00Z");
        assertThat(json.get("generatorURL").asText()).isEqualTo("http://console:9405/");
    }

    @Test
    void resolvedEndsAtTheEndOfTheResolvingWindowWithTheSameLabels() {
        Alert firing = Alerts.firing("DNS_SERVFAIL", "dns:shop/web", "WARNING", Alerts.WINDOW);
        Alert resolved = Alerts.resolved("DNS_SERVFAIL", "dns:shop/web", "WARNING", Alerts.WINDOW.plusSeconds(120));
        JsonNode a = AlertPayloads.alertmanager(firing, NOW, Duration.ofHours(1), "");
        JsonNode b = AlertPayloads.alertmanager(resolved, NOW, Duration.ofHours(1), "");

        assertThat(b.get("labels")).isEqualTo(a.get("labels"));
        assertThat(b.get("startsAt").asText()).isEqualTo("2025-03-01T10:02:00Z");
        assertThat(b.get("endsAt").asText()).isEqualTo("2025-03-01T10:03:00Z");
        assertThat(b.get("annotations").get("state").asText()).isEqualTo("RESOLVED");
        assertThat(b.has("generatorURL")).isFalse();
    }

    @Test
    void eventTimesAheadOfTheClockAreClampedSoThatAResolvedAlertEndsNow() {
        Instant ahead = NOW.plus(Duration.ofHours(2));
        JsonNode firing = AlertPayloads.alertmanager(Alerts.firing("XSUBNET_JITTER", "pair:a->b", "WARNING", ahead),
                NOW, Duration.ofMinutes(30), null);
        assertThat(firing.get("startsAt").asText()).isEqualTo(NOW.toString());
        assertThat(firing.get("endsAt").asText()).isEqualTo(NOW.plus(Duration.ofMinutes(30)).toString());

        JsonNode resolved = AlertPayloads.alertmanager(Alerts.resolved("XSUBNET_JITTER", "pair:a->b", "WARNING", ahead),
                NOW, Duration.ofMinutes(30), null);
        assertThat(resolved.get("startsAt").asText()).isEqualTo(NOW.toString());
        assertThat(resolved.get("endsAt").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void aSubjectWithoutAScopeHasNoScopeLabelAndWholeNumbersHaveNoFraction() {
        Alert alert = Alerts.alert("LOST_EVENTS", "k8s-node-1", "WARNING", "FIRING", Alerts.WINDOW, 1200, 100, "lost");
        JsonNode json = AlertPayloads.alertmanager(alert, NOW, Duration.ofHours(1), "");
        assertThat(json.get("labels").has("flowpulse_scope")).isFalse();
        assertThat(json.get("annotations").get("value").asText()).isEqualTo("1200");
        assertThat(json.get("annotations").get("threshold").asText()).isEqualTo("100");
    }

    @Test
    void aBatchIsAListOfAlerts() {
        JsonNode batch = AlertPayloads.alertmanagerBatch(List.of(
                Alerts.firing("LINK_DROP_RATE", "subnet:a->b", "WARNING", Alerts.WINDOW),
                Alerts.firing("LINK_DROP_RATE", "subnet:a->c", "WARNING", Alerts.WINDOW)), NOW, Duration.ofHours(1), "");
        assertThat(batch.isArray()).isTrue();
        assertThat(batch).extracting(n -> n.get("labels").get("subject").asText()).containsExactly("subnet:a->b", "subnet:a->c");
    }

    @Test
    void theWebhookBodyCarriesEveryFieldAndTheDeliveryId() {
        Alert alert = Alerts.resolved("LINK_DROP_RATE", "subnet:lab-a->lab-b", "CRITICAL", Alerts.WINDOW);
        JsonNode json = AlertPayloads.webhook(alert, "flowpulse.alerts.v1/2/17");
        assertThat(JSON.convertValue(json, Map.class)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("source", "flowpulse"),
                Map.entry("delivery_id", "flowpulse.alerts.v1/2/17"),
                Map.entry("id", "LINK_DROP_RATE:subnet:lab-a->lab-b"),
                Map.entry("kind", "LINK_DROP_RATE"),
                Map.entry("severity", "CRITICAL"),
                Map.entry("subject", "subnet:lab-a->lab-b"),
                Map.entry("state", "RESOLVED"),
                Map.entry("window_start", "2025-03-01T10:00:00Z"),
                Map.entry("window_end", "2025-03-01T10:01:00Z"),
                Map.entry("value", 0.0),
                Map.entry("threshold", 0.05),
                Map.entry("message", "drop rate back below 5% on subnet:lab-a->lab-b")));
    }
}
