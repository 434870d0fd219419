package io.flowpulse.ingest.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes or checks lines as UTF-8 without replacing bad bytes, so a damaged line is reported rather
 * than silently altered. Reuses its buffer; not thread-safe.
 */
final class StrictUtf8 {

    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars = CharBuffer.allocate(8 * 1024);
    private int malformedAt;

    /** The text, or null when the bytes are not UTF-8 (then see {@link #malformedAt()}). */
    String decode(byte[] bytes, int length) {
        if (isAscii(bytes, length)) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        if (chars.capacity() < length) {
            chars = CharBuffer.allocate(Math.max(length, chars.capacity() * 2));
        }
        chars.clear();
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        decoder.reset();
        CoderResult result = decoder.decode(in, chars, true);
        if (result.isError()) {
            malformedAt = in.position();
            return null;
        }
        decoder.flush(chars);
        chars.flip();
        return chars.toString();
    }

    /** Whether the bytes are UTF-8 (else see {@link #malformedAt()}), without making a string of them. */
    boolean valid(byte[] bytes, int length) {
        return isAscii(bytes, length) || decode(bytes, length) != null;
    }

    /** 0-based offset of the first bad byte of the last line that failed to decode. */
    int malformedAt() {
        return malformedAt;
    }

    /** Eight bytes at a time: this check runs over every byte of a capture. */
    private static boolean isAscii(byte[] bytes, int length) {
        int i = 0;
        for (int end = length - Long.BYTES; i <= end; i += Long.BYTES) {
            if (((long) EIGHT_BYTES.get(bytes, i) & HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
