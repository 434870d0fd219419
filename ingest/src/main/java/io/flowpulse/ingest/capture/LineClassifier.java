package io.flowpulse.ingest.capture;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns one non-blank capture line into an {@link CaptureItem.Event} or an {@link CaptureItem.Invalid}
 * with its reason: too long, not UTF-8, nested too deep, or not a Hubble event. Keeps per-thread
 * buffers; use one per thread.
 */
final class LineClassifier {

    private final int maxLineBytes;
    private final StrictUtf8 utf8 = new StrictUtf8();
    private final HubbleLineParser lineParser;

    LineClassifier(CaptureLimits limits) {
        this.maxLineBytes = limits.maxLineBytes();
        this.lineParser = new HubbleLineParser(limits.maxJsonDepth());
    }

    /** Bytes of a line worth keeping once it is read: a preview of a line too long to use. */
    static int keptForItem(int kept, long fullLength, int maxLineBytes) {
        return fullLength > maxLineBytes ? Math.min(kept, CaptureLimits.TOO_LONG_PREVIEW_BYTES) : kept;
    }

    /**
     * @param bytes      the line's kept bytes (all of it unless it is longer than the limit); an event keeps them
     * @param length     how many of {@code bytes} belong to the line
     * @param fullLength the line's whole length in bytes
     */
    CaptureItem classify(Path file, long lineNumber, byte[] bytes, int length, long fullLength) {
        if (fullLength > maxLineBytes) {
            return invalid(file, lineNumber, bytes, keptForItem(length, fullLength, maxLineBytes), fullLength,
                    "line is " + fullLength + " bytes long, more than the limit of " + maxLineBytes
                            + " bytes (input.max-line-bytes)");
        }
        if (!utf8.valid(bytes, length)) {
            return invalid(file, lineNumber, bytes, length, fullLength,
                    "not valid UTF-8 text (byte " + (utf8.malformedAt() + 1) + " of the line)");
        }
        try {
            HubbleLineParser.Parsed parsed = lineParser.parseWithProtobuf(bytes, length);
            byte[] line = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
            return new CaptureItem.Event(file, lineNumber, parsed, line);
        } catch (InvalidProtocolBufferException e) {
            return invalid(file, lineNumber, bytes, length, fullLength, "not a Hubble event: " + e.getMessage());
        } catch (RuntimeException e) {
            return invalid(file, lineNumber, bytes, length, fullLength, "not a Hubble event: " + e);
        }
    }

    static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static CaptureItem.Invalid invalid(Path file, long lineNumber, byte[] bytes, int length, long fullLength,
                                               String reason) {
        return new CaptureItem.Invalid(file, lineNumber, Arrays.copyOf(bytes, length), fullLength, reason);
    }
}
