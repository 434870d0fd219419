package io.flowpulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.schemas.hubble.RecordedCaptures;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the product's producer defaults, recorded flows reach the broker's disk as zstd batches at
 * well under 150 bytes a flow (about 860 uncompressed). Reads the flows topic's segment files in the
 * broker's log directory, as docs/benchmarks.md (bytes per flow on the broker's disk) measures them.
 */
@ExtendWith(LocalStackExtension.class)
class FlowBytesOnDiskIntegrationTest {

    private static final double TARGET_BYTES_PER_FLOW = 150;
    /** Codec id in a record batch's attributes (bits 0-2): 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
    private static final int ZSTD_CODEC = 4;

    @TempDir
    Path dir;

    @Test
    void recordedFlowsAreStoredAsZstdBatchesOfAtMost150BytesAFlow(LocalStack stack) throws Exception {
        List<Path> files = List.of(
                RecordedCaptures.copy("basic-sample-348-http-flows.json", dir, "http.json"),
                RecordedCaptures.copy("basic-sample-330-dns-flows.json", dir, "dns.json"));
        String topic = "it.flow-bytes.flows";
        IngestSettings settings = new IngestSettings(stack.kafka().bootstrapServers(), stack.registry().url(),
                topic, topic + ".nodes", topic + ".dlq", 4, (short) 1, -1, new Properties(), "127.0.0.1", 0);
        CaptureSource capture = new CaptureSource(files, null);
        try (IngestService ingest = IngestService.create(settings, capture, NodeSource.NONE)) {
            ingest.start();
            ingest.await();
        }
        long flows = capture.result().totals().flows();
        assertThat(flows).isEqualTo(348 + 330);

        Segments stored = Segments.awaitRecords(stack.kafka().logDir(), topic, flows);
        assertThat(stored.codecs()).as("compression codecs of the stored batches").containsExactly(ZSTD_CODEC);
        assertThat(stored.bytes() / (double) flows).isLessThanOrEqualTo(TARGET_BYTES_PER_FLOW);
    }

    /** The segment files of one topic: their total size, the records and the compression codecs of their batches. */
    private record Segments(long bytes, long records, Set<Integer> codecs) {

        static Segments awaitRecords(Path logDir, String topic, long expected) throws Exception {
            long deadline = System.nanoTime() + 30_000_000_000L;
            Segments s = read(logDir, topic);
            while (s.records() < expected && System.nanoTime() < deadline) {
                Thread.sleep(100);
                s = read(logDir, topic);
            }
            assertThat(s.records()).as("records in the segment files of %s", topic).isEqualTo(expected);
            return s;
        }

        /**
         * Walks the record batches (Kafka's message format v2) of each segment by their headers: base offset
         * (8 bytes), batch length (4), partition leader epoch (4), magic (1), CRC (4), attributes (2), last
         * offset delta (4), ...
         */
        static Segments read(Path logDir, String topic) throws Exception {
            long bytes = 0;
            long records = 0;
            Set<Integer> codecs = new HashSet<>();
            for (Path segment : segmentFiles(logDir, topic)) {
                ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(segment));
                bytes += content.capacity();
                for (int at = 0; at + 27 <= content.capacity(); at += 12 + content.getInt(at + 8)) {
                    assertThat(content.get(at + 16)).as("magic of the batch at %d of %s", at, segment).isEqualTo((byte) 2);
                    codecs.add(content.getShort(at + 21) & 0x7);
                    records += content.getInt(at + 23) + 1L;
                }
            }
            return new Segments(bytes, records, codecs);
        }

        private static List<Path> segmentFiles(Path logDir, String topic) throws Exception {
            List<Path> segments = new ArrayList<>();
            try (Stream<Path> dirs = Files.list(logDir)) {
                for (Path d : dirs.filter(d -> d.getFileName().toString().matches(java.util.regex.Pattern.quote(topic) + "-\\d+"))
                        .toList()) {
                    try (Stream<Path> files = Files.list(d)) {
                        files.filter(f -> f.getFileName().toString().endsWith(".log")).forEach(segments::add);
                    }
                }
            }
            return segments;
        }
    }
}
