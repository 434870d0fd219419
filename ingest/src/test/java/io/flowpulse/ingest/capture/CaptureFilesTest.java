package io.flowpulse.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFilesTest {

    @TempDir
    Path dir;

    private Path touch(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "");
    }

    @Test
    void rotatedFilesOldestFirstThenTheActiveFile() throws IOException {
        Path active = touch("events.log");
        Path newest = touch("events-2025-03-01T10-00-00.000.log.gz");
        Path oldest = touch("events-2024-12-31T23-59-59.999.log.gz");
        Path middle = touch("events-2025-01-15T08-30-00.500.log");

        assertThat(CaptureFiles.inDirectory(dir)).containsExactly(oldest, middle, newest, active);
    }

    @Test
    void severalExportersAndUnrelatedFilesFormGroupsInNameOrder() throws IOException {
        Path flowsActive = touch("flows.json");
        Path flowsRotated = touch("flows-2025-01-01T00-00-00.000.json");
        Path dropsRotated = touch("drops-2025-01-02T00-00-00.000.json.gz");
        Path dropsActive = touch("drops.json");
        Path capture = touch("capture-from-hubble-observe.json");
        touch(".hidden-partial");
        Files.createDirectory(dir.resolve("subdir"));
        Files.writeString(dir.resolve("subdir").resolve("x.json"), "{}");

        assertThat(CaptureFiles.inDirectory(dir))
                .containsExactly(capture, dropsRotated, dropsActive, flowsRotated, flowsActive);
    }

    @Test
    void rotatedFilesWithoutAnActiveFileOrExtension() throws IOException {
        Path second = touch("hubble-2025-01-01T00-00-01.000");
        Path first = touch("hubble-2025-01-01T00-00-00.000.gz");

        assertThat(CaptureFiles.inDirectory(dir)).containsExactly(first, second);
    }

    @Test
    void aRotatedFileCaughtWhileBeingCompressedIsReadOnce() throws IOException {
        Path plain = touch("events-2025-01-01T00-00-00.000.log");
        touch("events-2025-01-01T00-00-00.000.log.gz");
        Path active = touch("events.log");

        assertThat(CaptureFiles.inDirectory(dir)).containsExactly(plain, active);
    }

    @Test
    void filesAreTakenAsGivenAndDirectoriesExpandedInPlace() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("node-a"));
        Path rotated = Files.writeString(sub.resolve("e-2025-01-01T00-00-00.000.log"), "");
        Path active = Files.writeString(sub.resolve("e.log"), "");
        Path z = touch("z.json");
        Path a = touch("a.json");

        assertThat(CaptureFiles.resolve(List.of(z, sub, a))).containsExactly(z, rotated, active, a);
    }

    @Test
    void aMissingPathIsAnError() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> CaptureFiles.resolve(List.of(missing)))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nope.json");
    }
}
