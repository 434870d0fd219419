package io.flowpulse.runtime.service;

/** A service that Flowpulse needs (Kafka, the registry, ClickHouse, Hubble) stayed down after the retries. */
public class ServiceUnavailableException extends Exception {

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ServiceUnavailableException(String message) {
        super(message);
    }
}
