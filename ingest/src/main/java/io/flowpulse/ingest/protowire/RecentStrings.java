package io.flowpulse.ingest.protowire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings decoded from UTF-8 bytes, handing out the same instance again for the same bytes while it is
 * remembered. Flows repeat their names, labels and addresses from one to the next: reusing the string
 * saves decoding it, and its hash code, once computed, serves every later map lookup. One slot per hash,
 * the last string in it wins. Not thread-safe.
 */
final class RecentStrings {

    private static final int SLOTS = 1 << 12;
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];

    /** The string of {@code length} UTF-8 bytes at {@code offset} (valid UTF-8). */
    String of(byte[] bytes, int offset, int length) {
        int slot = slot(bytes, offset, length);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, offset, offset + length)) {
            return strings[slot];
        }
        String string = new String(bytes, offset, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
        strings[slot] = string;
        return string;
    }

    /** A hash of the length and the first and last eight bytes: cheap, and names differ there. */
    private static int slot(byte[] bytes, int offset, int length) {
        long h = length;
        if (length >= Long.BYTES) {
            h = h * 0x9E3779B97F4A7C15L + (long) EIGHT_BYTES.get(bytes, offset);
            h = h * 0x9E3779B97F4A7C15L + (long) EIGHT_BYTES.get(bytes, offset + length - Long.BYTES);
        } else {
            for (int i = offset; i < offset + length; i++) {
                h = h * 31 + bytes[i];
            }
        }
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h >>> 52) & (SLOTS - 1);
    }
}
