package io.flowpulse.streams.logic.codec;

/** Serialized aggregate state that cannot be decoded. */
public class CorruptStateException extends RuntimeException {
    public CorruptStateException(String message) {
        super(message);
    }
}
