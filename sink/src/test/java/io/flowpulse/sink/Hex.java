package io.flowpulse.sink;

import java.util.HexFormat;

/** Hex strings with spaces for readable expected bytes: {@code bytes("04 6e 6f 64 65")}. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }

    public static String of(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
