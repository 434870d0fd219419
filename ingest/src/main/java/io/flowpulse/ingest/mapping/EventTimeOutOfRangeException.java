package io.flowpulse.ingest.mapping;

/** An event whose time is implausible: before the earliest time accepted, or too far ahead of the clock. */
public final class EventTimeOutOfRangeException extends FlowMappingException {

    public EventTimeOutOfRangeException(String message) {
        super(message);
    }
}
