package io.flowpulse.alerting;

import io.flowpulse.schemas.avro.Alert;
import java.time.Instant;

/** Alert records for the tests. */
final class Alerts {

    static final Instant WINDOW = Instant.parse("2025-03-01T10:00:00Z");

    private Alerts() {
    }

    static Alert firing(String kind, String subject, String severity, Instant windowStart) {
        return alert(kind, subject, severity, AlertPayloads.FIRING, windowStart, 0.125, 0.05,
                "drop rate 12.5% on " + subject + " (threshold 5%)");
    }

    static Alert resolved(String kind, String subject, String severity, Instant windowStart) {
        return alert(kind, subject, severity, AlertPayloads.RESOLVED, windowStart, 0.0, 0.05,
                "drop rate back below 5% on " + subject);
    }

    static Alert alert(String kind, String subject, String severity, String state, Instant windowStart, double value,
                       double threshold, String message) {
        return Alert.newBuilder().setId(kind + ":" + subject).setKind(kind).setSeverity(severity).setSubject(subject)
                .setState(state).setWindowStart(windowStart).setWindowEnd(windowStart.plusSeconds(60))
                .setValue(value).setThreshold(threshold).setMessage(message).build();
    }
}
