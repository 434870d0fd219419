package io.flowpulse.schemas.hubble;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** The recorded Hubble captures under hubble-otel/, shipped in the schemas test jar for other modules' tests. */
public final class RecordedCaptures {

    public static final List<String> FILES = List.of(
            "basic-sample-10-flows.json",
            "basic-sample-330-dns-flows.json",
            "basic-sample-348-http-flows.json",
            "basic-sample-5-dns-flows.json",
            "basic-sample-5-http-flows.json",
            "basic-sample-400-icmpv4-flows.json",
            "basic-sample-400-l7-redirected-flows.json",
            "basic-sample-400-tcp-flows.json",
            "basic-sample-400-udp-flows.json");

    private RecordedCaptures() {
    }

    public static List<String> lines(String file) {
        try (InputStream in = open(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of every capture, in {@link #FILES} order. */
    public static List<String> allLines() {
        List<String> lines = new ArrayList<>();
        for (String file : FILES) {
            lines.addAll(lines(file));
        }
        return lines;
    }

    /** Line {@code number} (1-based) of a capture. */
    public static String line(String file, int number) {
        return lines(file).get(number - 1);
    }

    /** Copies a capture out of the test jar into {@code directory}, under {@code name}. */
    public static Path copy(String file, Path directory, String name) throws IOException {
        try (InputStream in = open(file)) {
            Path target = directory.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    private static InputStream open(String file) {
        InputStream in = RecordedCaptures.class.getResourceAsStream("/hubble-otel/" + file);
        if (in == null) {
            throw new IllegalStateException("hubble-otel/" + file + " is not on the test classpath (schemas test jar)");
        }
        return in;
    }
}
