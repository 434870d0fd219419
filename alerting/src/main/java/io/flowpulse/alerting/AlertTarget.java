package io.flowpulse.alerting;

import io.flowpulse.schemas.avro.Alert;
import java.time.Instant;
import java.util.Collection;

/** Where alerts go: Alertmanager, a webhook. Implementations do one attempt per call and never throw for the target's failures. */
public interface AlertTarget {

    /** Short name: the metrics' {@code target} tag and log lines ("alertmanager", "webhook"). */
    String name();

    /**
     * One attempt to deliver a state change.
     *
     * @param deliveryId the same for every attempt of the same record, also after a restart
     */
    DeliveryResult send(Alert alert, String deliveryId, Instant now);

    /**
     * Repeats the alerts still firing, for a target that forgets them otherwise (Alertmanager keeps
     * alerts in memory and ends them at their {@code endsAt}). No notification may follow from it.
     */
    default DeliveryResult refresh(Collection<Alert> firing, Instant now) {
        return DeliveryResult.delivered();
    }

    /** Whether {@link #refresh} does anything. */
    default boolean refreshes() {
        return false;
    }
}
