package io.flowpulse.streams.topology;

import java.util.Objects;

/**
 * Key of an open aggregate in the stores of both stages:
 * {@code <window start, 16 hex digits, sign-flipped so that byte order is time order>|<tag>|<output key>}.
 * A range scan from {@link #lowest()} to {@link #upperBoundForStartsUpTo} yields the windows in time order.
 */
public record WindowedKey(long windowStartMillis, char tag, String outputKey) {

    private static final int HEX_DIGITS = 16;

    public WindowedKey {
        Objects.requireNonNull(outputKey, "outputKey");
    }

    public String asString() {
        return sortableHex(windowStartMillis) + "|" + tag + "|" + outputKey;
    }

    public static WindowedKey parse(String key) {
        if (key.length() < HEX_DIGITS + 3 || key.charAt(HEX_DIGITS) != '|' || key.charAt(HEX_DIGITS + 2) != '|') {
            throw new IllegalArgumentException("not a windowed store key: '" + key + "'");
        }
        long start = Long.parseUnsignedLong(key.substring(0, HEX_DIGITS), 16) ^ Long.MIN_VALUE;
        return new WindowedKey(start, key.charAt(HEX_DIGITS + 1), key.substring(HEX_DIGITS + 3));
    }

    /** Lower bound of every key. */
    public static String lowest() {
        return sortableHex(Long.MIN_VALUE);
    }

    /**
     * Inclusive upper bound of a range scan that returns exactly the windows starting at or before
     * {@code startMillis}: the bare hex of the next millisecond sorts after every key of earlier starts.
     */
    public static String upperBoundForStartsUpTo(long startMillis) {
        return startMillis == Long.MAX_VALUE ? sortableHex(Long.MAX_VALUE) + "|\uffff" : sortableHex(startMillis + 1);
    }

    private static String sortableHex(long millis) {
        String hex = Long.toHexString(millis ^ Long.MIN_VALUE);
        return "0".repeat(HEX_DIGITS - hex.length()) + hex;
    }
}
