package io.flowpulse.alerting;

/** How one attempt to hand an alert to a target ended. */
public record DeliveryResult(Outcome outcome, String detail) {

    public enum Outcome {
        /** The target took it. */
        DELIVERED,
        /** It may take it later (connection failed, timeout, 5xx, 429): try again after a backoff. */
        RETRY,
        /** It never will (a 4xx other than 408 and 429): counted, logged and skipped. */
        REJECTED
    }

    public static DeliveryResult delivered() {
        return new DeliveryResult(Outcome.DELIVERED, "");
    }

    public static DeliveryResult retry(String detail) {
        return new DeliveryResult(Outcome.RETRY, detail);
    }

    public static DeliveryResult rejected(String detail) {
        return new DeliveryResult(Outcome.REJECTED, detail);
    }
}
