package io.flowpulse.replay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The replay benchmark's baseline: one thread reading a capture (gunzipped when it is gzip) and parsing
 * every JSON line with Jackson into a tree, the least any reader of a capture has to do. Prints
 * {@code <lines> <seconds>} of the parsing loop; scripts/bench/replay-5m.sh times the whole JVM around it.
 *
 * <pre>JacksonLineBaseline FILE</pre>
 */
public final class JacksonLineBaseline {

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: JacksonLineBaseline CAPTURE_FILE");
            System.exit(2);
        }
        Path capture = Path.of(args[0]);
        long start = System.nanoTime();
        long[] counts = parseEveryLine(capture);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (counts[1] == 0) {
            throw new IllegalStateException("the baseline parsed no field in " + capture);
        }
        System.out.printf("%d %.3f%n", counts[0], seconds);
    }

    /** Lines parsed and their top-level fields (summed so that the parsing cannot be optimised away). */
    static long[] parseEveryLine(Path capture) throws IOException {
        ObjectMapper json = new ObjectMapper();
        long lines = 0;
        long fields = 0;
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
        return new long[] {lines, fields};
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
