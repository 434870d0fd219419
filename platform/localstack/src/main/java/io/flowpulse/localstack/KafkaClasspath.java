package io.flowpulse.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The classpath of the broker's child JVM. First choice: the list Maven resolved when this module was
 * built (a resource), usable while those jars are still in the local repository. Otherwise the current
 * JVM's own classpath, which holds the broker jars wherever this module is used (a packaged CLI, say);
 * a manifest-only jar, as test runners use, is expanded to the entries it lists.
 */
final class KafkaClasspath {

    static final String RESOURCE = "kafka-classpath.txt";
    /** Where the packaged command keeps the broker's jars, apart from the services' class path. */
    static final String BROKER_LIB_PROPERTY = "flowpulse.broker.lib";
    /** The broker child JVM's entry point, in flowpulse-localstack-broker. */
    static final String BROKER_MAIN = "io.flowpulse.localstack.broker.KafkaBrokerMain";
    private static final String BROKER_CLASS_FILE = "kafka/Kafka.class";

    private KafkaClasspath() {
    }

    static String resolve() {
        return fromBrokerLib(System.getProperty(BROKER_LIB_PROPERTY), System.getProperty("java.class.path", ""))
                .or(KafkaClasspath::fromBuildTimeList)
                .or(() -> fromCurrentJvm(System.getProperty("java.class.path", "")))
                .orElseThrow(() -> new ServiceStartException(
                        "cannot find the Kafka broker jars (kafka_2.13) for the broker process: neither the "
                                + "classpath recorded at build time nor this JVM's classpath holds them"));
    }

    /** The jars of {@code brokerLib} (a directory) followed by this JVM's own class path. */
    static Optional<String> fromBrokerLib(String brokerLib, String javaClassPath) {
        if (brokerLib == null || brokerLib.isBlank() || !Files.isDirectory(Path.of(brokerLib))) {
            return Optional.empty();
        }
        List<Path> entries = new ArrayList<>();
        try (var jars = Files.list(Path.of(brokerLib))) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.addAll(split(javaClassPath));
        return containsBroker(entries) ? Optional.of(join(entries)) : Optional.empty();
    }

    static Optional<String> fromBuildTimeList() {
        try (InputStream in = KafkaClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            List<Path> entries = split(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
            boolean complete = !entries.isEmpty() && entries.stream().allMatch(Files::exists);
            return complete && containsBroker(entries) ? Optional.of(join(entries)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<String> fromCurrentJvm(String javaClassPath) {
        List<Path> entries = new ArrayList<>();
        for (Path entry : split(javaClassPath)) {
            entries.add(entry);
            entries.addAll(manifestClassPath(entry));
        }
        List<Path> existing = entries.stream().filter(Files::exists).distinct().collect(Collectors.toList());
        return containsBroker(existing) ? Optional.of(join(existing)) : Optional.empty();
    }

    /** The Class-Path entries of a jar's manifest, resolved against the jar's directory. */
    static List<Path> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || classPath.isBlank()) {
                return List.of();
            }
            URI base = jar.toAbsolutePath().getParent().toUri();
            return Arrays.stream(classPath.trim().split("\\s+"))
                    .map(entry -> Path.of(base.resolve(entry)))
                    .collect(Collectors.toList());
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private static boolean containsBroker(List<Path> entries) {
        return entries.stream().anyMatch(KafkaClasspath::holdsBrokerClass);
    }

    private static boolean holdsBrokerClass(Path entry) {
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve(BROKER_CLASS_FILE));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.getEntry(BROKER_CLASS_FILE) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> split(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .collect(Collectors.toList());
    }

    private static String join(List<Path> entries) {
        return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
