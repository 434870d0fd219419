package io.flowpulse.alerting;

import io.flowpulse.schemas.avro.Alert;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * A generic webhook: every state change POSTed once as {@link AlertPayloads#webhook} JSON, with
 * the delivery id also in the {@code Idempotency-Key} header.
 */
public final class WebhookTarget implements AlertTarget {

    private final URI uri;
    private final HttpJsonPoster poster;

    public WebhookTarget(String url, HttpJsonPoster poster) {
        this.uri = URI.create(url);
        this.poster = poster;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public DeliveryResult send(Alert alert, String deliveryId, Instant now) {
        return poster.post(uri, AlertPayloads.webhook(alert, deliveryId), Map.of("Idempotency-Key", deliveryId));
    }

    public URI uri() {
        return uri;
    }
}
