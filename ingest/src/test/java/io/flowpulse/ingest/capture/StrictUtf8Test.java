package io.flowpulse.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {

    private final StrictUtf8 utf8 = new StrictUtf8();

    @Test
    void decodesAsciiOfEveryLengthAroundTheEightByteSteps() {
        for (int length = 0; length <= 40; length++) {
            byte[] bytes = new byte[length + 5];
            Arrays.fill(bytes, (byte) 'a');
            bytes[length] = (byte) 0xff; // beyond the line: must not be looked at
            assertThat(utf8.decode(bytes, length)).isEqualTo("a".repeat(length));
        }
    }

    @Test
    void findsABadByteAtEveryPositionOfTheLine() {
        for (int length = 1; length <= 40; length++) {
            for (int at = 0; at < length; at++) {
                byte[] bytes = new byte[length];
                Arrays.fill(bytes, (byte) 'a');
                bytes[at] = (byte) 0xc3; // a lead byte without its continuation
                assertThat(utf8.decode(bytes, length)).as("length %d, bad byte at %d", length, at).isNull();
                assertThat(utf8.malformedAt()).isEqualTo(at);
            }
        }
    }

    @Test
    void decodesMultiByteCharactersAnywhereInTheLine() {
        String text = "pod-ä-€-𝄞-" + "x".repeat(17) + "é";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(utf8.decode(bytes, bytes.length)).isEqualTo(text);
    }
}
