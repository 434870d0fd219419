package io.flowpulse.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.flink.testing.SyntheticCapture;
import io.flowpulse.runtime.Config;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import io.flowpulse.streams.topology.TopologySettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's settings from the shared configuration keys, and the operators' parameters across Java serialization. */
class FlinkSettingsTest {

    @TempDir
    Path dir;

    @Test
    void readsTheStreamsKeysAndItsOwn() throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, SyntheticCapture.topologyYaml());
        Config config = Config.builder().defaults(FlinkSettings.DEFAULTS).overrides(Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:19092", "topics.links", "links.x",
                "streams.window.seconds", "30", "streams.grace.seconds", "5", "streams.topology.file", topology.toString(),
                "alerts.link.drop-rate", "0.2", "flink.parallelism", "3", "flink.checkpoint.interval", "4s",
                "flink.bounded", "true", "kafka.schema.registry.basic.auth.user.info", "u:p"))
                .environment(Map.of("FLOWPULSE_STREAMS_WINDOW_MAX_KEYS", "1000")).build();
        FlinkSettings settings = FlinkSettings.from(config);
        assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(settings.analytics().linksTopic()).isEqualTo("links.x");
        assertThat(settings.analytics().windowSize()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.analytics().grace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.analytics().topologyNodes()).hasSize(SyntheticCapture.NODES);
        assertThat(settings.analytics().alertThresholds().linkDropRate()).isEqualTo(0.2);
        assertThat(settings.analytics().maxKeysPerWindow()).isEqualTo(1000);
        assertThat(FlinkSettings.from(Config.builder().defaults(FlinkSettings.DEFAULTS).build()).analytics()
                .maxKeysPerWindow()).isEqualTo(TopologySettings.DEFAULT_MAX_KEYS_PER_WINDOW);
        assertThat(settings.parallelism()).isEqualTo(3);
        assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.bounded()).isTrue();
        assertThat(settings.dlqTopic()).isEqualTo("flowpulse.dlq.v1");
        assertThat(settings.registryConfig()).containsEntry("schema.registry.url", "http://127.0.0.1:8081")
                .containsEntry("schema.registry.basic.auth.user.info", "u:p");
    }

    @Test
    void jobParametersSurviveJavaSerialization() throws Exception {
        AlertThresholds thresholds = new AlertThresholds(21, 0.06, 22, 0.51, 6, 0.11, 23, 501, 4, 0.4, 51, 5, 21, 3.9, 2,
                11, 201, 31, 2, 3, 2.5);
        JobParams params = JobParams.of(TopologySettings.builder().windowSize(Duration.ofSeconds(120))
                .maxKeysPerWindow(777).alertThresholds(thresholds).topologyNodes(SyntheticCapture.nodes()).build(), "http://127.0.0.1:1");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(params);
        }
        JobParams copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (JobParams) in.readObject();
        }
        assertThat(copy.alertThresholds()).isEqualTo(thresholds);
        assertThat(copy.topologyNodes()).isEqualTo(SyntheticCapture.nodes());
        assertThat(copy.windowMillis()).isEqualTo(120_000);
        assertThat(copy.maxKeysPerWindow()).isEqualTo(777);
        assertThat(copy.registryConfig()).containsEntry("schema.registry.url", "http://127.0.0.1:1");
    }
}
