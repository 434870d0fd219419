package io.flowpulse.flink.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Runs a main class of the test class path in a child JVM on the Kafka client of the rest of the
 * project. This module runs on the client the Flink Kafka connector was built against (see its POM),
 * which Kafka Streams 4.4 cannot run on; the Kafka Streams side of a comparison runs here instead, on
 * the client the build copied to {@code target/streams-kafka-client/}.
 */
public final class StreamsProcess {

    private StreamsProcess() {
    }

    /** Runs {@code mainClass} with {@code args}; fails unless it exits with 0 within {@code timeout}. */
    public static void run(Class<?> mainClass, List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-XX:+UseParallelGC");
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass.getName());
        command.addAll(args);
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(mainClass.getSimpleName() + " did not finish within " + timeout);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(mainClass.getSimpleName() + " exited with " + process.exitValue());
        }
    }

    /** This JVM's class path with the project's Kafka client in place of the connector's. */
    static String classPath() throws IOException {
        Path client;
        try (Stream<Path> jars = Files.list(Path.of("target", "streams-kafka-client"))) {
            client = jars.filter(p -> p.getFileName().toString().startsWith("kafka-clients-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Kafka client in target/streams-kafka-client; "
                            + "run the build's generate-test-resources phase"));
        }
        List<String> entries = new ArrayList<>();
        for (String entry : ownClassPath()) {
            entries.add(Path.of(entry).getFileName().toString().startsWith("kafka-clients-")
                    ? client.toAbsolutePath().toString() : entry);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The class path this code was loaded from: the class loader's (as under exec:java), else the JVM's. */
    static List<String> ownClassPath() throws IOException {
        if (StreamsProcess.class.getClassLoader() instanceof java.net.URLClassLoader loader
                && loader.getURLs().length > 1) {
            List<String> entries = new ArrayList<>();
            for (java.net.URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (java.net.URISyntaxException e) {
                    throw new IOException(e);
                }
            }
            return entries;
        }
        return expand(System.getProperty("java.class.path"));
    }

    /** The entries of a class path; a single manifest-only jar (as test runners use) is expanded. */
    static List<String> expand(String classPath) throws IOException {
        String[] entries = classPath.split(java.io.File.pathSeparator);
        if (entries.length == 1 && entries[0].endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries[0])) {
                Manifest manifest = jar.getManifest();
                String listed = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                if (listed != null && !listed.isBlank()) {
                    List<String> expanded = new ArrayList<>();
                    Path base = Path.of(entries[0]).toAbsolutePath().getParent();
                    for (String item : listed.trim().split("\\s+")) {
                        URI uri = base.toUri().resolve(item);
                        expanded.add(Path.of(uri).toString());
                    }
                    return expanded;
                }
            }
        }
        return List.of(entries);
    }

    static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
