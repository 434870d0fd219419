package io.flowpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {
    @Test
    void headerIsMagicByteThenBigEndianId() {
        byte[] bytes = new byte[7];

        WireFormat.writeHeader(bytes, 0x01020304);

        assertThat(bytes).startsWith(0x00, 0x01, 0x02, 0x03, 0x04);
        assertThat(WireFormat.schemaId(bytes, "value")).isEqualTo(0x01020304);
    }

    @Test
    void idsAboveTwoToThe31ReadBackAsWritten() {
        byte[] bytes = new byte[5];

        WireFormat.writeHeader(bytes, 0x80000001);

        assertThat(bytes).containsExactly(0x00, 0x80, 0x00, 0x00, 0x01);
        assertThat(WireFormat.schemaId(bytes, "value")).isEqualTo(0x80000001);
    }

    @Test
    void rejectsAWrongMagicByte() {
        byte[] json = "{\"a\":1}".getBytes();

        assertThatThrownBy(() -> WireFormat.schemaId(json, "value of topic t"))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Not in the Confluent wire format: the value of topic t (7 bytes) starts with byte 0x7b,"
                        + " expected magic byte 0x00");
    }

    @Test
    void rejectsBytesShorterThanTheHeader() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 1}, "value of topic t"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("the value of topic t has 3 byte(s), fewer than the 5-byte header");
    }
}
