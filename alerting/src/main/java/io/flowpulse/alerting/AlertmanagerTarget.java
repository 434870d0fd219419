package io.flowpulse.alerting;

import io.flowpulse.schemas.avro.Alert;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Prometheus Alertmanager's v2 API: every state change as one alert posted to
 * {@code /api/v2/alerts} ({@link AlertPayloads#alertmanager}), the alerts still firing posted
 * again on {@link #refresh} so that they outlive a restart of Alertmanager. Reposting an
 * alert with the same labels notifies nobody again: Alertmanager groups and deduplicates by labels.
 */
public final class AlertmanagerTarget implements AlertTarget {

    private final URI alertsEndpoint;
    private final HttpJsonPoster poster;
    private final Duration firingTtl;
    private final String generatorUrl;

    /** @param baseUrl Alertmanager's URL, e.g. http://alertmanager:9093 (a path prefix such as /alertmanager is kept) */
    public AlertmanagerTarget(String baseUrl, HttpJsonPoster poster, Duration firingTtl, String generatorUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.alertsEndpoint = URI.create(base + "/api/v2/alerts");
        this.poster = poster;
        this.firingTtl = firingTtl;
        this.generatorUrl = generatorUrl;
    }

    @Override
    public String name() {
        return "alertmanager";
    }

    @Override
    public DeliveryResult send(Alert alert, String deliveryId, Instant now) {
        return poster.post(alertsEndpoint, AlertPayloads.alertmanagerBatch(List.of(alert), now, firingTtl, generatorUrl),
                Map.of());
    }

    @Override
    public DeliveryResult refresh(Collection<Alert> firing, Instant now) {
        if (firing.isEmpty()) {
            return DeliveryResult.delivered();
        }
        return poster.post(alertsEndpoint, AlertPayloads.alertmanagerBatch(firing, now, firingTtl, generatorUrl), Map.of());
    }

    @Override
    public boolean refreshes() {
        return true;
    }

    public URI alertsEndpoint() {
        return alertsEndpoint;
    }
}
