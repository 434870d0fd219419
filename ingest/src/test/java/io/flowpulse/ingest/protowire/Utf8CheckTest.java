package io.flowpulse.ingest.protowire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8CheckTest {

    @Test
    void agreesWithTheStrictJdkDecoderOnRandomBytes() {
        Random random = new Random(3);
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8),
            "ノ".getBytes(StandardCharsets.UTF_8), "🛰".getBytes(StandardCharsets.UTF_8), {(byte) 0xc0, (byte) 0x80},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80},
            {(byte) 0xe2, (byte) 0x82}, "plain ascii text".getBytes(StandardCharsets.UTF_8)};
        int invalid = 0;
        for (int i = 0; i < 50_000; i++) {
            ByteBuffer bytes = ByteBuffer.allocate(256);
            bytes.put((byte) 'x'); // an offset into the array, as in an event buffer
            for (int n = random.nextInt(6); n > 0; n--) {
                byte[] piece = random.nextInt(4) == 0 ? pieces[random.nextInt(pieces.length)] : pieces[9];
                bytes.put(piece);
            }
            byte[] array = bytes.array();
            int length = bytes.position() - 1;
            boolean expected = jdkAccepts(array, 1, length);
            invalid += expected ? 0 : 1;
            assertThat(Utf8Check.valid(array, 1, length)).isEqualTo(expected);
        }
        assertThat(invalid).isGreaterThan(1_000);
    }

    private static boolean jdkAccepts(byte[] b, int off, int len) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
