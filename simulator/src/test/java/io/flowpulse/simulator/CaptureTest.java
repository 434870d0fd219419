package io.flowpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.schemas.hubble.HubbleJson;
import io.flowpulse.schemas.topology.TopologyReader;
import io.flowpulse.simulator.capture.CaptureWriter;
import io.flowpulse.simulator.capture.ClusterTopology;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureTest {

    @TempDir
    Path dir;

    @Test
    void writesGzippedHubbleJsonLinesThatParseBack() throws Exception {
        ClusterModel model = ModelLoader.defaultModel();
        Simulation simulation = new Simulation(model, SimulationOptions.forModel(model).withDuration(Duration.ofSeconds(20)));
        Path file = dir.resolve("capture.json.gz");
        long written = 0;
        try (CaptureWriter writer = new CaptureWriter(file)) {
            GetFlowsResponse r;
            while ((r = simulation.next()) != null) {
                writer.write(r);
                written++;
            }
        }
        long read = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                assertThat(line).startsWith("{\"flow\":{\"time\":\"2026-01-01T00:00:");
                assertThat(HubbleJson.parseResponse(line).hasFlow()).isTrue();
                read++;
            }
        }
        assertThat(read).isEqualTo(written).isEqualTo(simulation.stats().total()).isGreaterThan(1_000);
    }

    @Test
    void topologyListsSubnetsNodesAddressesAndPodCidrs() {
        String yaml = ClusterTopology.toYaml(Cluster.build(ModelLoader.defaultModel(), 1));
        assertThat(yaml).startsWith("""
                subnets:
                  - name: lab-a
                    nodes:
                      - name: lab-a-1
                        addresses: [192.168.10.11]
                        podCIDRs: [10.244.1.0/24]
                """);
        assertThat(yaml).contains("  - name: edge-e\n").contains("      - name: edge-e-2\n        addresses: [192.168.50.12]\n        podCIDRs: [10.244.12.0/24]\n");
        assertThat(yaml.lines().filter(l -> l.startsWith("      - name: "))).hasSize(12);
    }

    @Test
    void topologyFileReadsBackAsTheCluster() {
        Cluster cluster = Cluster.build(ModelLoader.defaultModel(), 1);
        Path file = dir.resolve("topology.yaml");
        ClusterTopology.write(cluster, file);
        assertThat(TopologyReader.read(file)).isEqualTo(ClusterTopology.of(cluster));
        assertThat(TopologyReader.read(file).subnets()).hasSize(cluster.subnets().size());
    }
}
