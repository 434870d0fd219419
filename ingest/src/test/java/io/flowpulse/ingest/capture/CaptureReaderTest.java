package io.flowpulse.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.hubble.HubbleJson;
import io.flowpulse.schemas.hubble.RecordedCaptures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {

    private static final String TCP = "basic-sample-400-tcp-flows.json";
    private static final String FLOW_LINE = RecordedCaptures.line("basic-sample-5-dns-flows.json", 1);

    @TempDir
    Path dir;

    private final CaptureReader reader = new CaptureReader();

    private List<CaptureItem> readAll(CaptureReader captureReader, Path... inputs) throws IOException {
        List<CaptureItem> items = new ArrayList<>();
        try (CaptureCursor cursor = captureReader.open(List.of(inputs))) {
            cursor.forEachRemaining(items::add);
        }
        return items;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static byte[] joined(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainRecordedCaptureYieldsEveryLineAsAnEventInOrder() throws Exception {
        Path file = RecordedCaptures.copy(TCP, dir, "tcp.json");
        List<String> lines = RecordedCaptures.lines(TCP);

        List<CaptureItem> items = readAll(reader, file);

        assertThat(items).hasSize(400).allSatisfy(item -> assertThat(item).isInstanceOf(CaptureItem.Event.class));
        for (int i = 0; i < items.size(); i++) {
            CaptureItem.Event event = (CaptureItem.Event) items.get(i);
            assertThat(event.file()).isEqualTo(file);
            assertThat(event.lineNumber()).isEqualTo(i + 1);
            assertThat(event.line()).isEqualTo(lines.get(i));
            assertThat(event.event()).isEqualTo(HubbleJson.parseLine(lines.get(i)));
            assertThat(event.kind()).isEqualTo(CaptureItem.Kind.FLOW);
        }
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesWhateverTheName() throws Exception {
        byte[] plain = joined(RecordedCaptures.lines(TCP));
        Path named = Files.write(dir.resolve("tcp.json.gz"), gzip(plain));
        Path misnamed = Files.write(dir.resolve("tcp-really-gzip.json"), gzip(plain));
        Path plainNamedGz = Files.write(dir.resolve("plain.json.gz"), plain);

        for (Path file : List.of(named, misnamed, plainNamedGz)) {
            List<CaptureItem> items = readAll(reader, file);
            assertThat(items).as(file.toString()).hasSize(400)
                    .allSatisfy(item -> assertThat(item).isInstanceOf(CaptureItem.Event.class));
            assertThat(((CaptureItem.Event) items.get(399)).line()).isEqualTo(RecordedCaptures.line(TCP, 400));
        }
    }

    @Test
    void concatenatedGzipMembersAreReadToTheEnd() throws Exception {
        List<String> lines = RecordedCaptures.lines(TCP);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(gzip(joined(lines.subList(0, 150))));
        both.write(gzip(joined(lines.subList(150, 400))));
        Path file = Files.write(dir.resolve("two-members.json.gz"), both.toByteArray());

        CaptureReader.Summary summary = reader.read(List.of(file), new Collecting());

        assertThat(summary.totals().flows()).isEqualTo(400);
    }

    @Test
    void rotatedExporterDirectoryIsReadOldestFirstAndActiveLast() throws Exception {
        List<String> lines = RecordedCaptures.lines(TCP);
        Path exporter = Files.createDirectory(dir.resolve("hubble"));
        Files.write(exporter.resolve("events-2021-11-10T10-41-10.000.log.gz"), gzip(joined(lines.subList(100, 250))));
        Files.write(exporter.resolve("events-2021-11-10T10-40-58.123.log"), joined(lines.subList(0, 100)));
        Files.write(exporter.resolve("events.log"), joined(lines.subList(250, 400)));

        Collecting visitor = new Collecting();
        CaptureReader.Summary summary = reader.read(List.of(exporter), visitor);

        assertThat(visitor.events.stream().map(CaptureItem.Event::line).toList()).isEqualTo(lines);
        assertThat(visitor.log).containsExactly(
                "start events-2021-11-10T10-40-58.123.log",
                "finish events-2021-11-10T10-40-58.123.log records=100 flows=100 lost_events=0 other=0 invalid=0 unreadable_files=0",
                "start events-2021-11-10T10-41-10.000.log.gz",
                "finish events-2021-11-10T10-41-10.000.log.gz records=150 flows=150 lost_events=0 other=0 invalid=0 unreadable_files=0",
                "start events.log",
                "finish events.log records=150 flows=150 lost_events=0 other=0 invalid=0 unreadable_files=0");
        assertThat(visitor.events.get(100).lineNumber()).as("line numbers restart in each file").isEqualTo(1);
        assertThat(visitor.events.get(100).file().getFileName().toString())
                .isEqualTo("events-2021-11-10T10-41-10.000.log.gz");
        assertThat(summary.totals().records()).isEqualTo(400);
        assertThat(summary.perFile()).hasSize(3);
        assertThat(summary.perFile().get(exporter.resolve("events.log")).flows()).isEqualTo(150);
    }

    @Test
    void everyKindOfLineIsReportedWithItsLineNumber() throws Exception {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        write(content, FLOW_LINE + "\n");                                                          // 1
        write(content, "\n");                                                                      // 2 blank
        write(content, "   \t \r\n");                                                              // 3 blank
        write(content, "{\"lost_events\":{\"source\":\"HUBBLE_RING_BUFFER\",\"num_events_lost\":\"9\"},"
                + "\"node_name\":\"kind-worker\",\"time\":\"2025-01-01T00:00:00Z\"}\r\n");           // 4 CRLF
        write(content, "{\"agent_event\":{\"type\":\"AGENT_STARTED\"},\"node_name\":\"kind-worker\"}\n"); // 5
        write(content, FLOW_LINE.substring(0, 200) + "\n");                                         // 6 truncated
        write(content, "{\"flow\":{\"verdict\":\"FORWARDED\",\"l4\":{\"TCP\":{\"source_port\":\"http\"}}}}\n"); // 7
        content.write(new byte[] {0x00, (byte) 0xff, (byte) 0xfe, 0x13, 0x37, (byte) 0x80, '{', '\n'});  // 8 binary
        write(content, "{\"flow\":{\"time\":\"2025-01-01T00:00:00Z\",\"future_field\":{\"x\":[1]},"
                + "\"node_name\":\"n\"},\"from_the_future\":true}\n");                               // 9 unknown fields
        write(content, "{\"flow\":{\"Summary\":\"caf\u00e9 \u2192 \u00fc\"}}\n");                        // 10 UTF-8 text
        write(content, "{\"flow\":{\"node_name\":\"no-newline-at-end\"}}");                            // 11
        Path file = Files.write(dir.resolve("mixed.json"), content.toByteArray());

        List<CaptureItem> items = readAll(reader, file);

        assertThat(items).extracting(CaptureItem::lineNumber).containsExactly(1L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(((CaptureItem.Event) items.get(0)).kind()).isEqualTo(CaptureItem.Kind.FLOW);
        assertThat(((CaptureItem.Event) items.get(1)).kind()).isEqualTo(CaptureItem.Kind.LOST_EVENTS);
        assertThat(((CaptureItem.Event) items.get(1)).event().getLostEvents().getNumEventsLost()).isEqualTo(9);
        assertThat(((CaptureItem.Event) items.get(2)).kind()).isEqualTo(CaptureItem.Kind.OTHER);

        CaptureItem.Invalid truncated = (CaptureItem.Invalid) items.get(3);
        assertThat(truncated.file()).isEqualTo(file);
        assertThat(truncated.rawText()).isEqualTo(FLOW_LINE.substring(0, 200));
        assertThat(truncated.lengthBytes()).isEqualTo(200);
        assertThat(truncated.truncated()).isFalse();
        assertThat(truncated.reason()).startsWith("not a Hubble event: ").contains("line 1 column");

        CaptureItem.Invalid wrongType = (CaptureItem.Invalid) items.get(4);
        assertThat(wrongType.reason()).isEqualTo("not a Hubble event: Not an uint32 value: \"http\"");

        CaptureItem.Invalid binary = (CaptureItem.Invalid) items.get(5);
        assertThat(binary.raw()).containsExactly(0x00, 0xff, 0xfe, 0x13, 0x37, 0x80, '{');
        assertThat(binary.reason()).isEqualTo("not valid UTF-8 text (byte 2 of the line)");

        CaptureItem.Event unknownFields = (CaptureItem.Event) items.get(6);
        assertThat(unknownFields.event().getFlow().getNodeName()).isEqualTo("n");
        assertThat(((CaptureItem.Event) items.get(7)).event().getFlow().getSummary()).isEqualTo("caf\u00e9 \u2192 \u00fc");
        assertThat(((CaptureItem.Event) items.get(8)).event().getFlow().getNodeName()).isEqualTo("no-newline-at-end");

        CaptureReader.Summary summary = reader.read(List.of(file), new Collecting());
        assertThat(summary.totals().toString())
                .isEqualTo("records=9 flows=4 lost_events=1 other=1 invalid=3 unreadable_files=0");
    }

    @Test
    void asciiGarbageAndTwoEventsOnOneLineAreInvalid() throws Exception {
        Path file = Files.writeString(dir.resolve("garbage.json"),
                "GET / HTTP/1.1\n" + FLOW_LINE + FLOW_LINE + "\n[]\n42\n" + FLOW_LINE + "\n");

        List<CaptureItem> items = readAll(reader, file);

        assertThat(items).hasSize(5);
        assertThat(items.subList(0, 4)).allSatisfy(item -> assertThat(item).isInstanceOf(CaptureItem.Invalid.class));
        assertThat(((CaptureItem.Invalid) items.get(1)).reason())
                .startsWith("not a Hubble event: unexpected text after the end of the JSON object at column "
                        + (FLOW_LINE.length() + 1));
        assertThat(((CaptureItem.Invalid) items.get(2)).reason()).contains("Expect message object but got: []");
        assertThat(items.get(4)).isInstanceOf(CaptureItem.Event.class);
    }

    @Test
    void aLineOverTheLimitIsInvalidAndReadingGoesOn() throws Exception {
        String huge = "{\"flow\":{\"Summary\":\"" + "x".repeat(5000) + "\"}}";
        Path file = Files.writeString(dir.resolve("long.json"), FLOW_LINE + "\n" + huge + "\r\n" + FLOW_LINE + "\n");

        List<CaptureItem> items = readAll(new CaptureReader(2048), file);

        assertThat(items).hasSize(3);
        CaptureItem.Invalid tooLong = (CaptureItem.Invalid) items.get(1);
        assertThat(tooLong.lineNumber()).isEqualTo(2);
        assertThat(tooLong.reason()).isEqualTo("line is " + (huge.length() + 1) + " bytes long, more than the limit of 2048 bytes (input.max-line-bytes)");
        assertThat(tooLong.truncated()).isTrue();
        assertThat(tooLong.raw()).hasSize(2048);
        assertThat(tooLong.rawText()).isEqualTo(huge.substring(0, 2048));
        assertThat(items.get(2)).isInstanceOfSatisfying(CaptureItem.Event.class,
                event -> assertThat(event.lineNumber()).isEqualTo(3));
    }

    @Test
    void aLineFarLongerThanTheLimitIsNotHeldInMemory() throws Exception {
        Path file = dir.resolve("runaway.json");
        byte[] block = "x".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("{\"flow\":{\"Summary\":\"".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 64; i++) {
                out.write(block);
            }
            out.write(("\"}}\n" + FLOW_LINE + "\n").getBytes(StandardCharsets.UTF_8));
        }

        List<CaptureItem> items = readAll(new CaptureReader(4096), file);

        assertThat(items).hasSize(2);
        CaptureItem.Invalid runaway = (CaptureItem.Invalid) items.get(0);
        assertThat(runaway.lengthBytes()).isEqualTo(20 + 64L * 1024 * 1024 + 3);
        assertThat(runaway.raw()).hasSize(4096);
        assertThat(items.get(1)).isInstanceOf(CaptureItem.Event.class);
    }

    @Test
    void theDefaultLimitIsOneMebibyte() throws Exception {
        String justUnder = "{\"flow\":{\"Summary\":\"" + "y".repeat(1024 * 1024 - 30) + "\"}}";
        String justOver = "{\"flow\":{\"Summary\":\"" + "z".repeat(1024 * 1024) + "\"}}";
        Path file = Files.writeString(dir.resolve("big.json"), justUnder + "\n" + justOver + "\n");

        List<CaptureItem> items = readAll(reader, file);

        assertThat(reader.maxLineBytes()).isEqualTo(1024 * 1024);
        assertThat(items.get(0)).isInstanceOf(CaptureItem.Event.class);
        assertThat(items.get(1)).isInstanceOfSatisfying(CaptureItem.Invalid.class,
                invalid -> assertThat(invalid.reason()).endsWith("more than the limit of 1048576 bytes (input.max-line-bytes)"));
    }

    @Test
    void aTruncatedGzipFileIsReportedAfterItsReadableLinesAndTheNextFileIsRead() throws Exception {
        byte[] compressed = gzip(joined(RecordedCaptures.lines(TCP)));
        Path broken = Files.write(dir.resolve("a-broken.json.gz"), Arrays.copyOf(compressed, compressed.length / 2));
        Path next = RecordedCaptures.copy("basic-sample-5-dns-flows.json", dir, "b-next.json");

        Collecting visitor = new Collecting();
        CaptureReader.Summary summary = reader.read(List.of(broken, next), visitor);

        assertThat(visitor.unreadable).hasSize(1);
        CaptureItem.Unreadable unreadable = visitor.unreadable.get(0);
        assertThat(unreadable.file()).isEqualTo(broken);
        assertThat(unreadable.reason()).isEqualTo("EOFException: Unexpected end of ZLIB input stream");
        long brokenFlows = summary.perFile().get(broken).flows();
        assertThat(brokenFlows).isBetween(1L, 399L);
        assertThat(unreadable.lineNumber()).isEqualTo(brokenFlows);
        assertThat(summary.perFile().get(broken).unreadableFiles()).isEqualTo(1);
        assertThat(summary.perFile().get(next).flows()).isEqualTo(5);
        assertThat(summary.totals().flows()).isEqualTo(brokenFlows + 5);
        assertThat(summary.totals().unreadableFiles()).isEqualTo(1);
    }

    @Test
    void otherCompressionsAreReportedNotParsedAsGarbage() throws Exception {
        Path bzip2 = Files.write(dir.resolve("capture.json.bz2"), new byte[] {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59});

        List<CaptureItem> items = readAll(reader, bzip2);

        assertThat(items).singleElement().isInstanceOfSatisfying(CaptureItem.Unreadable.class, item -> {
            assertThat(item.lineNumber()).isZero();
            assertThat(item.reason()).isEqualTo("IOException: bzip2-compressed file; only plain and gzip captures are read");
        });
    }

    @Test
    void aStreamSuchAsStandardInputIsReadLikeAFile() throws Exception {
        List<String> lines = RecordedCaptures.lines("basic-sample-5-http-flows.json");
        boolean[] closed = {false};
        InputStream piped = new ByteArrayInputStream(gzip(joined(lines))) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };

        List<CaptureItem> items = new ArrayList<>();
        try (CaptureCursor cursor = reader.open(piped, Path.of("-"))) {
            cursor.forEachRemaining(items::add);
            assertThat(cursor.totals().flows()).isEqualTo(5);
        }

        assertThat(items).hasSize(5).allSatisfy(item -> assertThat(item.file()).isEqualTo(Path.of("-")));
        assertThat(((CaptureItem.Event) items.get(4)).line()).isEqualTo(lines.get(4));
        assertThat(closed[0]).isTrue();
    }

    @Test
    void emptyFilesYieldNothing() throws Exception {
        Path empty = Files.write(dir.resolve("empty.json"), new byte[0]);
        Path emptyGz = Files.write(dir.resolve("empty.json.gz"), gzip(new byte[0]));

        CaptureReader.Summary summary = reader.read(List.of(empty, emptyGz), new Collecting());

        assertThat(summary.totals().records()).isZero();
        assertThat(summary.perFile()).containsOnlyKeys(empty, emptyGz);
    }

    @Test
    void aMissingInputFailsBeforeAnythingIsRead() {
        assertThatThrownBy(() -> reader.read(List.of(dir.resolve("missing.json")), new Collecting()))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> new CaptureReader(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCursorCanBeClosedEarly() throws Exception {
        Path file = RecordedCaptures.copy(TCP, dir, "tcp.json");
        CaptureCursor cursor = reader.open(List.of(file));
        cursor.next();
        cursor.next();

        cursor.close();

        assertThat(cursor.hasNext()).isFalse();
        assertThat(cursor.totals().flows()).isEqualTo(2);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Collecting implements CaptureVisitor {
        final List<CaptureItem.Event> events = new ArrayList<>();
        final List<CaptureItem.Invalid> invalid = new ArrayList<>();
        final List<CaptureItem.Unreadable> unreadable = new ArrayList<>();
        final List<String> log = new ArrayList<>();

        @Override
        public void fileStarted(Path file) {
            log.add("start " + file.getFileName());
        }

        @Override
        public void event(CaptureItem.Event event) {
            events.add(event);
        }

        @Override
        public void invalid(CaptureItem.Invalid line) {
            invalid.add(line);
        }

        @Override
        public void unreadable(CaptureItem.Unreadable file) {
            unreadable.add(file);
        }

        @Override
        public void fileFinished(Path file, CaptureCounters counters) {
            log.add("finish " + file.getFileName() + " " + counters);
        }
    }
}
