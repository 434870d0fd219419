package io.flowpulse.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowpulse.schemas.avro.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;

/**
 * What an {@link Alert} record looks like to the outside: an alert of Alertmanager's v2 API
 * ({@code POST /api/v2/alerts}) and the JSON body of a generic webhook. Pure functions of the
 * record and the time of sending.
 *
 * <p>Alertmanager identifies an alert by its label set, so the labels hold only what FIRING and
 * RESOLVED of one alert share: {@code alertname} (the kind), {@code subject}, {@code severity}
 * (lower case, as routing trees usually match it), {@code flowpulse_id}, {@code flowpulse_kind} and,
 * when the subject has one, {@code flowpulse_scope} (the part before the first ':', e.g.
 * {@code subnet}). Value, threshold, window and message are annotations.
 *
 * <p>Times are event times from the flows, so they are clamped to the time of sending: an alert
 * counts as resolved only when its {@code endsAt} is not in the future, and a pipeline whose clock
 * runs ahead (the demo's simulated cluster) must not keep a resolved alert active. A FIRING alert
 * gets {@code endsAt = now + firingTtl}: streams sends no repeats while an alert fires, and without
 * an end Alertmanager would resolve it after its {@code resolve_timeout}.
 */
public final class AlertPayloads {

    public static final String FIRING = "FIRING";
    public static final String RESOLVED = "RESOLVED";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertPayloads() {
    }

    /** One alert of Alertmanager's v2 API. */
    public static ObjectNode alertmanager(Alert alert, Instant now, Duration firingTtl, String generatorUrl) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode labels = out.putObject("labels");
        labels.put("alertname", alert.getKind());
        labels.put("subject", alert.getSubject());
        labels.put("severity", alert.getSeverity().toLowerCase(Locale.ROOT));
        labels.put("flowpulse_id", alert.getId());
        labels.put("flowpulse_kind", alert.getKind());
        String scope = scope(alert.getSubject());
        if (scope != null) {
            labels.put("flowpulse_scope", scope);
        }
        ObjectNode annotations = out.putObject("annotations");
        annotations.put("summary", alert.getMessage());
        annotations.put("value", number(alert.getValue()));
        annotations.put("threshold", number(alert.getThreshold()));
        annotations.put("window", alert.getWindowStart() + "/" + alert.getWindowEnd());
        annotations.put("state", alert.getState());

        Instant startsAt = earliest(alert.getWindowStart(), now);
        Instant endsAt;
        if (isResolved(alert)) {
            endsAt = earliest(alert.getWindowEnd(), now);
            startsAt = earliest(startsAt, endsAt);
        } else {
            endsAt = now.plus(firingTtl);
        }
        out.put("startsAt", startsAt.toString());
        out.put("endsAt", endsAt.toString());
        if (generatorUrl != null && !generatorUrl.isEmpty()) {
            out.put("generatorURL", generatorUrl);
        }
        return out;
    }

    /** The body of {@code POST /api/v2/alerts}: a list of alerts. */
    public static ArrayNode alertmanagerBatch(Collection<Alert> alerts, Instant now, Duration firingTtl, String generatorUrl) {
        ArrayNode batch = JSON.createArrayNode();
        for (Alert alert : alerts) {
            batch.add(alertmanager(alert, now, firingTtl, generatorUrl));
        }
        return batch;
    }

    /**
     * The webhook body: the record's fields under their Avro names, times in ISO-8601, plus
     * {@code delivery_id}, the same on every attempt and after a restart, for receivers that drop
     * repeats.
     */
    public static ObjectNode webhook(Alert alert, String deliveryId) {
        ObjectNode out = JSON.createObjectNode();
        out.put("source", "flowpulse");
        out.put("delivery_id", deliveryId);
        out.put("id", alert.getId());
        out.put("kind", alert.getKind());
        out.put("severity", alert.getSeverity());
        out.put("subject", alert.getSubject());
        out.put("state", alert.getState());
        out.put("window_start", alert.getWindowStart().toString());
        out.put("window_end", alert.getWindowEnd().toString());
        out.put("value", alert.getValue());
        out.put("threshold", alert.getThreshold());
        out.put("message", alert.getMessage());
        return out;
    }

    public static boolean isResolved(Alert alert) {
        return RESOLVED.equals(alert.getState());
    }

    static String scope(String subject) {
        int colon = subject.indexOf(':');
        return colon > 0 ? subject.substring(0, colon) : null;
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
