package io.flowpulse.console.http;

/** A request the console refuses with 400; the message is the reason given to the client. */
public final class BadRequestException extends RuntimeException {

    public BadRequestException(String reason) {
        super(reason);
    }
}
