package io.flowpulse.localstack;

/** A local service could not be started or did not become ready; the message carries the tail of its log. */
public class ServiceStartException extends RuntimeException {

    public ServiceStartException(String message) {
        super(message);
    }

    public ServiceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
