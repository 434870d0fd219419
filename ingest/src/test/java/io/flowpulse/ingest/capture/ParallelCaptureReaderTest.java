package io.flowpulse.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.hubble.RecordedCaptures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelCaptureReaderTest {

    private static final String TCP = "basic-sample-400-tcp-flows.json";
    private static final String DNS = "basic-sample-5-dns-flows.json";

    @TempDir
    Path dir;

    /** Every kind of item in several batches: events, blank, invalid, too long, not UTF-8, a truncated gzip. */
    private List<Path> mixedInputs() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            lines.addAll(RecordedCaptures.lines(TCP));
            lines.add("");
            lines.add("{not json");
            lines.add("x".repeat(5_000));
            lines.addAll(RecordedCaptures.lines(DNS));
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        plain.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        plain.write(new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}', '\n'});
        Path first = Files.write(dir.resolve("first.json"), plain.toByteArray());
        byte[] gzipped = gzip(plain.toByteArray());
        Path second = Files.write(dir.resolve("second.json.gz"), gzipped);
        Path truncated = Files.write(dir.resolve("third.json.gz"), Arrays.copyOf(gzipped, gzipped.length / 2));
        return List.of(first, second, truncated, dir.resolve("missing-later.json"));
    }

    @Test
    void yieldsWhatTheSequentialCursorYieldsInTheSameOrder() throws Exception {
        List<Path> inputs = mixedInputs();
        Files.writeString(inputs.get(3), RecordedCaptures.line(DNS, 1) + "\n");
        CaptureReader reader = new CaptureReader(4_096);

        List<String> sequential = new ArrayList<>();
        CaptureCounters sequentialTotals;
        try (CaptureCursor cursor = reader.open(inputs)) {
            cursor.forEachRemaining(item -> sequential.add(describe(item)));
            sequentialTotals = cursor.totals();
        }
        List<String> parallel = new ArrayList<>();
        CaptureCounters parallelTotals;
        try (ParallelCaptureReader<String> items = reader.openParallel(inputs, 3,
                () -> ParallelCaptureReaderTest::describe)) {
            items.forEachRemaining(parallel::add);
            parallelTotals = items.totals();
            assertThat(items.bytesRead()).isEqualTo(items.totalBytes());
        }

        assertThat(sequential.size()).isGreaterThan(3 * ParallelCaptureReader.BATCH_LINES);
        assertThat(parallel).containsExactlyElementsOf(sequential);
        assertThat(parallelTotals.toString()).isEqualTo(sequentialTotals.toString());
        assertThat(parallelTotals.invalid()).as("9 invalid lines in each whole file").isGreaterThanOrEqualTo(18);
        assertThat(parallelTotals.unreadableFiles()).isEqualTo(1);
    }

    @Test
    void eachWorkerThreadGetsAMapperOfItsOwn() throws Exception {
        Path file = RecordedCaptures.copy(TCP, dir, "tcp.json");
        List<Object> mappers = new ArrayList<>();
        try (ParallelCaptureReader<Thread> items = new CaptureReader().openParallel(List.of(file, file, file, file), 2,
                () -> {
                    Function<CaptureItem, Thread> mapper = item -> Thread.currentThread();
                    synchronized (mappers) {
                        mappers.add(mapper);
                    }
                    return mapper;
                })) {
            List<String> threads = new ArrayList<>();
            items.forEachRemaining(thread -> threads.add(thread.getName()));
            assertThat(threads).hasSize(1_600).allSatisfy(name -> assertThat(name).startsWith("capture-parser-"));
        }
        assertThat(mappers).hasSizeBetween(1, 2);
    }

    @Test
    void closingWhileReadingStopsTheThreads() throws Exception {
        Path file = RecordedCaptures.copy(TCP, dir, "tcp.json");
        List<Path> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(file);
        }
        ParallelCaptureReader<CaptureItem> items = new CaptureReader().openParallel(many, 2, () -> item -> item);
        assertThat(items.next()).isInstanceOf(CaptureItem.Event.class);
        items.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("capture-reader"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("capture-reader"));
    }

    private static String describe(CaptureItem item) {
        if (item instanceof CaptureItem.Event event) {
            return "event " + event.file().getFileName() + ":" + event.lineNumber() + " " + event.kind() + " "
                    + event.event().hashCode() + " " + (event.protobuf() == null ? "-" : Arrays.hashCode(event.protobuf()));
        }
        if (item instanceof CaptureItem.Invalid invalid) {
            return "invalid " + invalid.file().getFileName() + ":" + invalid.lineNumber() + " " + invalid.reason()
                    + " " + invalid.lengthBytes() + " " + Arrays.hashCode(invalid.raw());
        }
        CaptureItem.Unreadable unreadable = (CaptureItem.Unreadable) item;
        return "unreadable " + unreadable.file().getFileName() + ":" + unreadable.lineNumber() + " " + unreadable.reason();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
