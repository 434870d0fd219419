package io.flowpulse.replay;

/** A replay could not be completed; the message says which step failed and why. */
public class ReplayException extends RuntimeException {

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
