package io.flowpulse.replay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowpulse.replay.InProcessReplay;
import io.flowpulse.replay.ReplayResult;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.runtime.Config;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A replay in process of one capture against a same-run baseline: one thread reading the same file
 * (gunzipped if it is gzip) and parsing each JSON line with Jackson into a tree. Baseline and replay
 * alternate, run after run, in this JVM.
 *
 * <pre>
 * ReplayThroughputBenchmark --capture FILE [--topology FILE] [--runs R] [--parser-threads N]
 * </pre>
 */
public final class ReplayThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        Path capture = null;
        Path topology = null;
        int runs = 3;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--capture" -> capture = Path.of(args[++i]);
                case "--topology" -> topology = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--parser-threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (capture == null) {
            throw new IllegalArgumentException("--capture FILE is required");
        }
        System.out.printf("capture %s (%,d bytes), %d parser thread(s), %d run(s), %d processors%n", capture,
                Files.size(capture), threads, runs, Runtime.getRuntime().availableProcessors());
        List<String> rows = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            double[] baseline = jacksonBaseline(capture);
            double[] replay = replay(capture, topology, threads, run);
            rows.add(String.format(Locale.ROOT, "| %d | %,.0f | %.1f s | %,.0f | %.1f s | %.2f |", run, baseline[0],
                    baseline[1], replay[0], replay[1], replay[0] / baseline[0]));
            System.out.println(rows.get(rows.size() - 1));
        }
        System.out.println();
        System.out.println("| run | Jackson baseline lines/s | baseline time | replay records/s | replay time | replay / baseline |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** Lines per second and seconds of one thread reading and tree-parsing every line. */
    static double[] jacksonBaseline(Path capture) throws IOException {
        ObjectMapper json = new ObjectMapper();
        long lines = 0;
        long fields = 0;
        long start = System.nanoTime();
        try (InputStream in = open(capture)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
            byte[] chunk = new byte[64 * 1024];
            int n;
            while ((n = in.read(chunk)) > 0) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        line.write(chunk, from, i - from);
                        from = i + 1;
                        if (line.size() > 0) {
                            JsonNode tree = json.readTree(line.toByteArray());
                            fields += tree.size();
                            lines++;
                        }
                        line.reset();
                    }
                }
                line.write(chunk, from, n - from);
            }
            if (line.size() > 0) {
                fields += json.readTree(line.toByteArray()).size();
                lines++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (fields == 0) {
            throw new IllegalStateException("the baseline parsed nothing");
        }
        return new double[] {lines / seconds, seconds};
    }

    private static double[] replay(Path capture, Path topology, int threads, int run) throws Exception {
        ReplaySettings settings = ReplaySettings.inProcess(Config.builder().defaults(ReplaySettings.DEFAULTS).build(),
                List.of(capture), topology, "bench-" + run);
        Path deadLetters = Files.createTempFile("replay-bench-dead-letters", ".jsonl");
        Files.delete(deadLetters);
        ReplayResult result = new InProcessReplay(settings, threads, deadLetters, null).run();
        long records = result.report().input().records() + result.report().input().invalid();
        return new double[] {records / result.seconds(), result.seconds()};
    }

    private static InputStream open(Path capture) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(capture), 64 * 1024);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
    }
}
