package io.flowpulse.streams.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.runtime.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryCheckTest {

    @Test
    void aWritableDirectoryIsCreatedAndLeftEmpty(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("a/b/state");
        assertThatCode(() -> StateDirectoryCheck.requireWritable(state)).doesNotThrowAnyException();
        try (var entries = Files.list(state)) {
            org.assertj.core.api.Assertions.assertThat(entries).isEmpty();
        }
    }

    @Test
    void aDirectoryThatCannotBeWrittenStopsTheServiceNamingTheSetting(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> StateDirectoryCheck.requireWritable(file.resolve("state")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageStartingWith("streams.state.dir " + file.resolve("state") + " cannot be written (")
                .hasMessageEndingWith("point it at a writable volume with free space");
    }

    @Test
    void aStreamThreadThatFailedOnAFullVolumeIsToldApartFromOtherFailures() {
        Path state = Path.of("/var/lib/flowpulse/state");
        Throwable rocksDb = new org.apache.kafka.streams.errors.ProcessorStateException("Error while executing flush "
                + "from store links-store", new RuntimeException("IO error: No space left on device: While appending "
                + "to file: /var/lib/flowpulse/state/1_0/rocksdb/links-store/000012.sst\nmore"));
        org.assertj.core.api.Assertions.assertThat(StateDirectoryCheck.fullVolume(state,
                new org.apache.kafka.streams.errors.StreamsException("task failed", rocksDb)))
                .hasValueSatisfying(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage())
                        .startsWith("streams.state.dir /var/lib/flowpulse/state ran out of space while running "
                                + "(RuntimeException: IO error: No space left on device: While appending to file: ")
                        .doesNotContain("more"));
        org.assertj.core.api.Assertions.assertThat(StateDirectoryCheck.fullVolume(state,
                new IllegalStateException("something else"))).isEmpty();
    }
}
