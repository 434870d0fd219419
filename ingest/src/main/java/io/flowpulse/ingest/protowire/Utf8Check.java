package io.flowpulse.ingest.protowire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF), as protobuf requires of proto3 strings. */
final class Utf8Check {

    private Utf8Check() {
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    static boolean valid(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i + 8 <= end && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) { // ASCII, eight bytes at a time
            i += 8;
        }
        while (i < end && b[i] >= 0) {
            i++;
        }
        while (i < end) {
            int c = b[i++] & 0xff;
            if (c < 0x80) {
                continue;
            }
            if (c < 0xc2 || c > 0xf4) {
                return false;
            }
            int more = c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
            if (end - i < more) {
                return false;
            }
            int c1 = b[i] & 0xff;
            if ((c1 & 0xc0) != 0x80
                    || (c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f)
                    || (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f)) {
                return false;
            }
            for (int k = 1; k < more; k++) {
                if ((b[i + k] & 0xc0) != 0x80) {
                    return false;
                }
            }
            i += more;
        }
        return true;
    }
}
