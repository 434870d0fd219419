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
}
