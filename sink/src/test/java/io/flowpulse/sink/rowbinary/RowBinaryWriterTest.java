package io.flowpulse.sink.rowbinary;

import static io.flowpulse.sink.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.sink.Hex;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RowBinaryWriterTest {

    private static String encode(Consumer<RowBinaryWriter> write) {
        RowBinaryWriter w = new RowBinaryWriter(16);
        write.accept(w);
        return Hex.of(w.toByteArray());
    }

    private static String hex(String spaced) {
        return Hex.of(bytes(spaced));
    }

    @Test
    void fixedWidthIntegersAreLittleEndian() {
        assertThat(encode(w -> w.uint8(5))).isEqualTo("05");
        assertThat(encode(w -> w.uint16(0x1234))).isEqualTo("34 12");
        assertThat(encode(w -> w.uint32(0xDEADBEEFL))).isEqualTo("ef be ad de");
        assertThat(encode(w -> w.int32(-1))).isEqualTo("ff ff ff ff");
        assertThat(encode(w -> w.int64(-2))).isEqualTo("fe ff ff ff ff ff ff ff");
        assertThat(encode(w -> w.uint64(0x0102030405060708L))).isEqualTo("08 07 06 05 04 03 02 01");
        assertThat(encode(w -> w.bool(true).bool(false))).isEqualTo("01 00");
    }

    @Test
    void float64IsIeee754LittleEndian() {
        // 1.0 = 0x3FF0000000000000, 0.25 = 0x3FD0000000000000, -2.5 = 0xC004000000000000
        assertThat(encode(w -> w.float64(1.0))).isEqualTo("00 00 00 00 00 00 f0 3f");
        assertThat(encode(w -> w.float64(0.25))).isEqualTo("00 00 00 00 00 00 d0 3f");
        assertThat(encode(w -> w.float64(-2.5))).isEqualTo("00 00 00 00 00 00 04 c0");
    }

    @Test
    void varintsAreUnsignedLeb128() {
        assertThat(encode(w -> w.varUInt(0))).isEqualTo("00");
        assertThat(encode(w -> w.varUInt(127))).isEqualTo("7f");
        assertThat(encode(w -> w.varUInt(128))).isEqualTo("80 01");
        // 300 = 0b10_0101100 -> 0xAC (0x2C | 0x80), 0x02
        assertThat(encode(w -> w.varUInt(300))).isEqualTo("ac 02");
        assertThat(encode(w -> w.varUInt(16_384))).isEqualTo("80 80 01");
        assertThat(encode(w -> w.varUInt(Long.MAX_VALUE))).isEqualTo("ff ff ff ff ff ff ff ff 7f");
    }

    @Test
    void stringsAreLengthPrefixedUtf8() {
        assertThat(encode(w -> w.string(""))).isEqualTo("00");
        assertThat(encode(w -> w.string("abc"))).isEqualTo("03 61 62 63");
        // é is C3 A9 in UTF-8: 2 bytes although 1 char
        assertThat(encode(w -> w.string("é"))).isEqualTo("02 c3 a9");
        assertThat(encode(w -> w.string("aé"))).isEqualTo("03 61 c3 a9");
        String long200 = "x".repeat(200);
        byte[] encoded = new RowBinaryWriter().string(long200).toByteArray();
        assertThat(encoded).hasSize(202);
        assertThat(encoded[0]).isEqualTo((byte) 0xC8); // 200 = 0xC8 -> C8 01
        assertThat(encoded[1]).isEqualTo((byte) 0x01);
        assertThat(encoded[2]).isEqualTo((byte) 'x');
    }

    @Test
    void dateTimeIsUInt32SecondsAndDropsFractions() {
        // 1700000000 = 0x6553F100
        assertThat(encode(w -> w.dateTime(Instant.ofEpochSecond(1_700_000_000L, 999_000_000))))
                .isEqualTo("00 f1 53 65");
        assertThat(encode(w -> w.dateTime(Instant.EPOCH))).isEqualTo("00 00 00 00");
        assertThatThrownBy(() -> new RowBinaryWriter().dateTime(Instant.ofEpochSecond(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the range");
        assertThatThrownBy(() -> new RowBinaryWriter().dateTime(Instant.ofEpochSecond(0x1_0000_0000L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullableHasAOneByteMarker() {
        assertThat(encode(w -> w.nullableString(null))).isEqualTo("01");
        assertThat(encode(w -> w.nullableString("x"))).isEqualTo("00 01 78");
        assertThat(encode(w -> w.nullableInt32(null).nullableInt32(258))).isEqualTo("01 00 02 01 00 00");
        assertThat(encode(w -> w.nullableFloat64(1.0))).isEqualTo("00 00 00 00 00 00 00 f0 3f");
        assertThat(encode(w -> w.nullableUInt64(null).nullableBool(true))).isEqualTo("01 00 01");
    }

    @Test
    void arraysHaveAVarintLengthThenTheElements() {
        assertThat(encode(w -> w.stringArray(List.of("a", "bc")))).isEqualTo("02 01 61 02 62 63");
        assertThat(encode(w -> w.stringArray(List.of()))).isEqualTo("00");
        assertThat(encode(w -> w.uint64Array(new long[] {1, 2, 99}, 2)))
                .isEqualTo(hex("02 01 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00"));
    }

    @Test
    void growsPastTheInitialCapacity() {
        RowBinaryWriter w = new RowBinaryWriter(16);
        for (int i = 0; i < 10_000; i++) {
            w.uint64(i);
        }
        assertThat(w.size()).isEqualTo(80_000);
        assertThat(w.toByteArray()[8 * 9_999]).isEqualTo((byte) (9_999 & 0xFF));
        assertThat(w.toByteArray()[8 * 9_999 + 1]).isEqualTo((byte) (9_999 >> 8));
    }

    @Test
    void truncateUndoesAHalfWrittenRow() {
        RowBinaryWriter w = new RowBinaryWriter();
        w.string("keep");
        int start = w.rowStart();
        w.string("drop").uint64(5);
        w.truncate(start);
        w.uint8(9);
        assertThat(Hex.of(w.toByteArray())).isEqualTo("04 6b 65 65 70 09");
    }

    @Test
    void refusesValuesTheColumnTypeCannotHold() {
        RowBinaryWriter w = new RowBinaryWriter();
        assertThatThrownBy(() -> w.uint64(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.uint8(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.uint16(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.uint32(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.string(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(w.size()).isZero();
    }
}
