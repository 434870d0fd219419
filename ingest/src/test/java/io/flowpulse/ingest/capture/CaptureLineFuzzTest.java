package io.flowpulse.ingest.capture;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.flowpulse.hubble.observer.ObserverProtos.ExportEvent;
import io.flowpulse.ingest.fuzz.FuzzLimits;
import io.flowpulse.schemas.hubble.HubbleJson;
import java.io.ByteArrayInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Fuzzes the capture reader: any bytes, as a plain or gzip capture, give only events, invalid lines with
 * their reason, or a file reported unreadable; nothing else is thrown, in memory linear in the input. The
 * fast JSON parser must read every line exactly as the reference parser ({@link HubbleJson}) does.
 * In a normal build these run over the seeds under src/test/resources; see docs/fuzzing.md to fuzz.
 */
class CaptureLineFuzzTest {

    private static final CaptureLimits SMALL = new CaptureLimits(64 * 1024, CaptureLimits.DEFAULT_MAX_JSON_DEPTH, 200, 1024);

    @FuzzTest(maxDuration = "2m")
    void captureStream(byte[] capture) throws Exception {
        FuzzLimits.check(capture.length, 16L << 20, 400, () -> {
            try (CaptureCursor cursor = new CaptureReader(SMALL).open(new ByteArrayInputStream(capture), Path.of("-"))) {
                while (cursor.hasNext()) {
                    CaptureItem item = cursor.next();
                    if (item instanceof CaptureItem.Invalid invalid && invalid.reason().isBlank()) {
                        throw new AssertionError("an invalid line without a reason");
                    }
                }
            }
        });
    }

    @FuzzTest(maxDuration = "2m")
    void lineParsedAsTheReferenceDoes(byte[] line) throws Exception {
        FuzzLimits.check(line.length, 16L << 20, 1000, () -> {
            String text = strictUtf8(line);
            if (text == null || text.indexOf('\n') >= 0) {
                return;
            }
            HubbleLineParser parser = new HubbleLineParser();
            ExportEvent fast = null;
            InvalidProtocolBufferException fastRefused = null;
            try {
                fast = parser.parseWithProtobuf(line, line.length).event();
            } catch (InvalidProtocolBufferException e) {
                fastRefused = e;
            }
            if (JsonNesting.depthBeyond(text, CaptureLimits.DEFAULT_MAX_JSON_DEPTH) > CaptureLimits.DEFAULT_MAX_JSON_DEPTH) {
                if (fastRefused == null) {
                    throw new AssertionError("a line nested deeper than the limit was parsed");
                }
                return;
            }
            ExportEvent reference;
            try {
                reference = HubbleJson.parseLine(text);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                if (fast != null) {
                    throw new AssertionError("the fast path read a line the reference refuses (" + e + "): " + text);
                }
                return;
            }
            if (fast == null) {
                throw new AssertionError("the fast path refused a line the reference reads (" + fastRefused + "): " + text);
            }
            if (!fast.equals(reference)) {
                throw new AssertionError("the fast path read " + fast + " where the reference read " + reference
                        + " from: " + text);
            }
        });
    }

    @FuzzTest(maxDuration = "2m")
    void gzipCapture(byte[] compressed) throws Exception {
        byte[] gzip = new byte[compressed.length + 2];
        gzip[0] = 0x1f;
        gzip[1] = (byte) 0x8b;
        System.arraycopy(compressed, 0, gzip, 2, compressed.length);
        FuzzLimits.check(gzip.length, 16L << 20, 400, () -> {
            try (CaptureCursor cursor = new CaptureReader(SMALL).open(new ByteArrayInputStream(gzip), Path.of("-"))) {
                cursor.forEachRemaining(item -> { });
            }
        });
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
