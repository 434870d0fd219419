package io.flowpulse.ingest.protowire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecentStringsTest {

    private final RecentStrings recent = new RecentStrings();

    @Test
    void theSameBytesGiveTheSameInstance() {
        byte[] line = "xx k8s:app=web yy k8s:app=web".getBytes(StandardCharsets.UTF_8);
        String first = recent.of(line, 3, 11);
        assertThat(first).isEqualTo("k8s:app=web");
        assertThat(recent.of(line, 18, 11)).isSameAs(first);
    }

    @Test
    void bytesThatShareTheirHashedPartsStillGiveTheirOwnText() {
        String[] texts = {"abcdefgh-X-12345678", "abcdefgh-Y-12345678", "abcdefgh-X-12345678", "", "é→ü", "a", "b"};
        for (String text : texts) {
            byte[] bytes = ("#" + text).getBytes(StandardCharsets.UTF_8);
            assertThat(recent.of(bytes, 1, bytes.length - 1)).isEqualTo(text);
        }
    }
}
