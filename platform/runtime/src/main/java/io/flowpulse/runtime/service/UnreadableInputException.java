package io.flowpulse.runtime.service;

/** The input of a run could not be read: a missing file, an unreadable directory, a file that breaks off. */
public class UnreadableInputException extends Exception {

    public UnreadableInputException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnreadableInputException(String message) {
        super(message);
    }
}
