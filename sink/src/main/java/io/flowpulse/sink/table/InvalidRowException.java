package io.flowpulse.sink.table;

/** A record that can never become a row of its table; it belongs in the dead-letter topic. */
public final class InvalidRowException extends RuntimeException {
    public InvalidRowException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidRowException(String message) {
        super(message);
    }
}
