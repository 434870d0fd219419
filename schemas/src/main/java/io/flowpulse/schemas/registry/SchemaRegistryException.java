package io.flowpulse.schemas.registry;

/**
 * A schema registry call failed: the registry was unreachable after all retries, or it
 * answered with an error. {@link #httpStatus()} and {@link #errorCode()} are -1 when the
 * registry never answered.
 */
public class SchemaRegistryException extends RuntimeException {
    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, Throwable cause) {
        this(message, -1, -1, cause);
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status of the registry's answer, -1 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent {@code error_code} of the answer (e.g. 40403), -1 when absent. */
    public int errorCode() {
        return errorCode;
    }
}
