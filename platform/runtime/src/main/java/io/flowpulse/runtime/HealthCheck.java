package io.flowpulse.runtime;

/** A named readiness condition of a service, e.g. "kafka producer connected". */
@FunctionalInterface
public interface HealthCheck {

    Status check();

    /** Result of one check: healthy or not, with a short human-readable detail. */
    record Status(boolean healthy, String detail) {
        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }
}
