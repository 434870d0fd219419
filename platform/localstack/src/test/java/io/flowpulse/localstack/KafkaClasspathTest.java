package io.flowpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClasspathTest {

    @TempDir
    Path dir;

    @Test
    void expandsAManifestOnlyJarToTheEntriesItLists() throws Exception {
        Path brokerClasses = dir.resolve("broker classes");
        Files.createDirectories(brokerClasses.resolve("kafka"));
        Files.writeString(brokerClasses.resolve("kafka/Kafka.class"), "not really a class");
        Path other = Files.createDirectories(dir.resolve("other"));
        Path booter = manifestOnlyJar(dir.resolve("booter.jar"),
                brokerClasses.toUri() + " " + other.toUri());

        String classpath = KafkaClasspath.fromCurrentJvm(booter.toString()).orElseThrow();

        assertThat(classpath.split(File.pathSeparator))
                .containsExactly(booter.toString(), brokerClasses.toString(), other.toString());
    }

    @Test
    void resolvesRelativeManifestEntriesAgainstTheJarsDirectory() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(lib.resolve("kafka"));
        Files.writeString(lib.resolve("kafka/Kafka.class"), "x");
        Path booter = manifestOnlyJar(dir.resolve("app.jar"), "lib/");

        assertThat(KafkaClasspath.fromCurrentJvm(booter.toString()).orElseThrow())
                .isEqualTo(booter + File.pathSeparator + lib);
    }

    @Test
    void findsNothingWhenNoEntryHoldsTheBroker() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertThat(KafkaClasspath.fromCurrentJvm(plain + File.pathSeparator + dir.resolve("missing.jar"))).isEmpty();
    }

    @Test
    void theListRecordedAtBuildTimeHoldsTheBrokerJars() {
        assertThat(KafkaClasspath.fromBuildTimeList()).hasValueSatisfying(cp ->
                assertThat(cp).contains("kafka_2.13-").contains("kafka-clients-").contains("logback-classic-"));
    }

    private static Path manifestOnlyJar(Path jar, String classPath) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
