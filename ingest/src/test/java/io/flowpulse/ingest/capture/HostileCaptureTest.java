package io.flowpulse.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.hubble.RecordedCaptures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Captures made to hurt: each is refused with a reason, in bounded memory, and reading goes on where it can. */
class HostileCaptureTest {

    private static final String FLOW_LINE = RecordedCaptures.line("basic-sample-5-dns-flows.json", 1);

    @TempDir
    Path dir;

    @Test
    void aHundredMegabyteLineIsSkippedToItsEndWithoutBeingHeld() throws Exception {
        long lineBytes = 100L * 1024 * 1024;
        InputStream stream = new SequenceInputStream(new SequenceInputStream(
                bytes("{\"flow\":{\"summary\":\""), new RepeatedByte((byte) 'x', lineBytes)),
                bytes("\"}}\n" + FLOW_LINE + "\n"));
        List<CaptureItem> items = new ArrayList<>();

        long allocated = allocatedBytes(() -> {
            try (CaptureCursor cursor = new CaptureReader().open(stream, Path.of("-"))) {
                cursor.forEachRemaining(items::add);
            }
        });

        assertThat(items).hasSize(2);
        CaptureItem.Invalid tooLong = (CaptureItem.Invalid) items.get(0);
        assertThat(tooLong.lengthBytes()).isEqualTo(20 + lineBytes + 3);
        assertThat(tooLong.reason()).isEqualTo("line is " + tooLong.lengthBytes()
                + " bytes long, more than the limit of 1048576 bytes (input.max-line-bytes)");
        assertThat(tooLong.raw()).hasSize(CaptureLimits.TOO_LONG_PREVIEW_BYTES);
        assertThat(items.get(1)).isInstanceOfSatisfying(CaptureItem.Event.class,
                event -> assertThat(event.lineNumber()).isEqualTo(2));
        assertThat(allocated).as("bytes allocated reading a %d byte line", lineBytes).isLessThan(16L * 1024 * 1024);
    }

    @Test
    void aGzipBombStopsItsFileWithTheReasonAndTheNextFileIsRead() throws Exception {
        Path bomb = dir.resolve("a-bomb.json.gz");
        long inflated = 256L * 1024 * 1024;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 64 * 1024)) {
            out.write((FLOW_LINE + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] blanks = new byte[1024 * 1024];
            Arrays.fill(blanks, (byte) '\n');
            for (long written = 0; written < inflated; written += blanks.length) {
                out.write(blanks);
            }
        }
        Path next = dir.resolve("b-next.json");
        Files.writeString(next, FLOW_LINE + "\n");

        List<CaptureItem> items = new ArrayList<>();
        CaptureReader.Summary summary;
        try (CaptureCursor cursor = new CaptureReader().open(List.of(bomb, next))) {
            cursor.forEachRemaining(items::add);
            summary = new CaptureReader.Summary(cursor.totals(), cursor.perFile());
        }

        assertThat(Files.size(bomb)).isLessThan(inflated / CaptureLimits.DEFAULT_GZIP_MAX_RATIO);
        assertThat(items).hasSize(3);
        assertThat(items.get(0)).isInstanceOf(CaptureItem.Event.class);
        CaptureItem.Unreadable stopped = (CaptureItem.Unreadable) items.get(1);
        assertThat(stopped.file()).isEqualTo(bomb);
        assertThat(stopped.reason()).startsWith("IOException: decompression bomb: ")
                .contains("more than 200 times (input.gzip.max-ratio); reading stopped");
        // compressed bytes are counted as the inflater takes them, 64 KiB at a time: it stops within a few of those
        assertThat(stopped.lineNumber()).as("lines read before it stopped").isLessThan(inflated / 4);
        assertThat(items.get(2)).isInstanceOfSatisfying(CaptureItem.Event.class,
                event -> assertThat(event.file()).isEqualTo(next));
        assertThat(summary.perFile().get(bomb).unreadableFiles()).isEqualTo(1);
    }

    @Test
    void aGzipCaptureWithinTheRatioIsReadWhole() throws Exception {
        List<String> lines = RecordedCaptures.lines("basic-sample-400-tcp-flows.json");
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(compressed)) {
            for (int i = 0; i < 20; i++) {
                out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        CaptureLimits strict = new CaptureLimits(CaptureLimits.DEFAULT_MAX_LINE_BYTES, 32, 100, 0);

        List<CaptureItem> items = new ArrayList<>();
        try (CaptureCursor cursor = new CaptureReader(strict).open(
                new java.io.ByteArrayInputStream(compressed.toByteArray()), Path.of("-"))) {
            cursor.forEachRemaining(items::add);
        }

        assertThat(items).hasSize(20 * lines.size()).allSatisfy(item -> assertThat(item).isInstanceOf(CaptureItem.Event.class));
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsRefusedWhereverItIs() throws Exception {
        String unknownField = "{\"flow\":{\"summary\":\"a\"},\"extra\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        String knownFields = "{\"flow\":{\"l7\":{\"http\":{\"headers\":[" + "{\"key\":".repeat(40) + "1" + "}".repeat(40)
                + "]}}}}";
        String bareArray = "[".repeat(50_000) + "]".repeat(50_000);
        String unclosed = "{\"a\":" + "{\"a\":".repeat(200_000);
        String justDeepEnough = "{\"flow\":{\"summary\":\"a\"},\"extra\":" + "[".repeat(31) + "]".repeat(31) + "}";

        List<CaptureItem> items = classify(unknownField, knownFields, bareArray, unclosed, justDeepEnough);

        for (int i = 0; i < 4; i++) {
            assertThat(items.get(i)).as("line %d", i + 1).isInstanceOfSatisfying(CaptureItem.Invalid.class,
                    invalid -> assertThat(invalid.reason()).startsWith("not a Hubble event: JSON nested deeper than 32 levels"));
        }
        assertThat(items.get(4)).isInstanceOf(CaptureItem.Event.class);
    }

    @Test
    void invalidUtf8IsRefusedWithTheOffendingByte() throws Exception {
        byte[] line = "{\"flow\":{\"summary\":\"caf\u00e9\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] broken = Arrays.copyOf(line, line.length);
        broken[24] = (byte) 0x28; // the second byte of 'é' replaced: C3 28 is not UTF-8
        byte[] overlong = "{\"flow\":{\"summary\":\"/\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] withOverlong = new byte[overlong.length + 1];
        System.arraycopy(overlong, 0, withOverlong, 0, 20);
        withOverlong[20] = (byte) 0xC0; // an overlong '/' (C0 AF)
        withOverlong[21] = (byte) 0xAF;
        System.arraycopy(overlong, 21, withOverlong, 22, overlong.length - 21);

        LineClassifier classifier = new LineClassifier(CaptureLimits.DEFAULTS);
        CaptureItem first = classifier.classify(Path.of("-"), 1, broken, broken.length, broken.length);
        CaptureItem second = classifier.classify(Path.of("-"), 2, withOverlong, withOverlong.length, withOverlong.length);

        assertThat(first).isInstanceOfSatisfying(CaptureItem.Invalid.class,
                invalid -> assertThat(invalid.reason()).isEqualTo("not valid UTF-8 text (byte 24 of the line)"));
        assertThat(second).isInstanceOfSatisfying(CaptureItem.Invalid.class,
                invalid -> assertThat(invalid.reason()).isEqualTo("not valid UTF-8 text (byte 21 of the line)"));
    }

    private static List<CaptureItem> classify(String... lines) throws IOException {
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        List<CaptureItem> items = new ArrayList<>();
        try (CaptureCursor cursor = new CaptureReader().open(new java.io.ByteArrayInputStream(text), Path.of("-"))) {
            cursor.forEachRemaining(items::add);
        }
        return items;
    }

    private static InputStream bytes(String text) {
        return new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Bytes this thread allocated while the work ran (HotSpot's per-thread allocation counter). */
    private static long allocatedBytes(Work work) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }

    /** {@code length} copies of one byte, made as they are read: no file, nothing held. */
    private static final class RepeatedByte extends InputStream {
        private final byte value;
        private long left;

        RepeatedByte(byte value, long length) {
            this.value = value;
            this.left = length;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            Arrays.fill(buffer, offset, offset + n, value);
            left -= n;
            return n;
        }
    }
}
