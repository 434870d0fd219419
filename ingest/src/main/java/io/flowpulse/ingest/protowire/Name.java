package io.flowpulse.ingest.protowire;

import java.nio.charset.StandardCharsets;

/** A name the flows record holds (an enum value, a protocol, a TCP flag), as text and as its UTF-8 bytes. */
final class Name {
    final String text;
    final byte[] utf8;

    Name(String text) {
        this.text = text;
        this.utf8 = text.getBytes(StandardCharsets.UTF_8);
    }

    static Name[] of(String... texts) {
        Name[] names = new Name[texts.length];
        for (int i = 0; i < texts.length; i++) {
            names[i] = texts[i] == null ? null : new Name(texts[i]);
        }
        return names;
    }
}
