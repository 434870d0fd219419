package io.flowpulse.streams.logic.alert;

import java.util.Objects;

/**
 * What one rule saw for one subject in one closed window: the value, the threshold it is compared
 * with, whether the condition holds, and a human-readable description of the situation.
 */
public record Observation(AlertKind kind, String subject, double value, double threshold, boolean holds,
                          String description) {

    public Observation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(description, "description");
    }

    public String alertId() {
        return alertId(kind, subject);
    }

    public static String alertId(AlertKind kind, String subject) {
        return kind.name() + ":" + subject;
    }
}
