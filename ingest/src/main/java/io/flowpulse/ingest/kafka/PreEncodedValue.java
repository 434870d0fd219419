package io.flowpulse.ingest.kafka;

/** A flows-topic value already in the Confluent wire format; {@link FlowValueSerializer} passes it through. */
public record PreEncodedValue(byte[] bytes) {
}
