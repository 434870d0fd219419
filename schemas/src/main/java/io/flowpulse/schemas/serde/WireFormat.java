package io.flowpulse.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 is the magic byte 0, bytes 1-4 the schema id (big-endian),
 * the rest the Avro binary encoding of the value.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Writes the 5-byte header for {@code schemaId} into {@code target} at index 0. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /**
     * Schema id in the header of {@code data}.
     *
     * @param source what the bytes are, for the error message, e.g. "value of topic hubble.flows.v1"
     * @throws SerializationException when the bytes are too short or do not start with the magic byte
     */
    public static int schemaId(byte[] data, String source) {
        if (data.length < HEADER_LENGTH) {
            throw new SerializationException("Not in the Confluent wire format: the " + source + " has "
                    + data.length + " byte(s), fewer than the " + HEADER_LENGTH
                    + "-byte header (magic byte 0 + 4-byte schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Not in the Confluent wire format: the %s (%d bytes) starts with byte 0x%02x, expected magic byte 0x00",
                    source, data.length, data[0] & 0xff));
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
