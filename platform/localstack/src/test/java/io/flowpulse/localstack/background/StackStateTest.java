package io.flowpulse.localstack.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackStateTest {

    @TempDir
    Path dir;

    @Test
    void readsBackWhatItWrote() throws Exception {
        StackState state = new StackState();
        state.put(new StackState.Entry("kafka", 4242, 1_700_000_000_123L, "127.0.0.1:9092"));
        state.putPorts("kafka", Map.of(9092, 9092, 9093, 40123));
        state.putPorts("clickhouse", Map.of(8123, 8124));
        state.write(dir);

        StackState read = StackState.read(dir);

        assertThat(read.entries()).containsOnlyKeys("kafka");
        assertThat(read.entry("kafka")).contains(new StackState.Entry("kafka", 4242, 1_700_000_000_123L, "127.0.0.1:9092"));
        assertThat(read.ports("kafka")).isEqualTo(Map.of(9092, 9092, 9093, 40123));
        assertThat(read.ports("clickhouse")).isEqualTo(Map.of(8123, 8124));
        assertThat(read.ports("registry")).isEmpty();
    }

    @Test
    void keepsPortsOfStoppedServices() throws Exception {
        StackState state = new StackState();
        state.put(new StackState.Entry("registry", 7, 0, "http://127.0.0.1:8081/apis/ccompat/v7"));
        state.putPorts("registry", Map.of(8081, 8081));
        state.clearEntries();
        state.write(dir);

        StackState read = StackState.read(dir);
        assertThat(read.isEmpty()).isTrue();
        assertThat(read.ports("registry")).isEqualTo(Map.of(8081, 8081));
    }

    @Test
    void noFileMeansNothingRuns() throws Exception {
        assertThat(StackState.read(dir).isEmpty()).isTrue();
    }

    @Test
    void aDamagedFileIsReportedWithItsPath() throws Exception {
        Files.writeString(dir.resolve(StackState.FILE_NAME), "services=kafka\nkafka.endpoint=127.0.0.1:9092\n");
        assertThatThrownBy(() -> StackState.read(dir))
                .hasMessageContaining(dir.resolve(StackState.FILE_NAME).toString())
                .hasMessageContaining("kafka.pid");
    }
}
