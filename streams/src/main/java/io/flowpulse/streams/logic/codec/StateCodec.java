package io.flowpulse.streams.logic.codec;

/**
 * Turns an aggregate into bytes and back, for a state store or a changelog topic.
 * Wrap it in a Kafka {@code Serde} with {@code Serdes.serdeFrom}.
 */
public interface StateCodec<T> {

    byte[] encode(T value);

    T decode(byte[] bytes);
}
