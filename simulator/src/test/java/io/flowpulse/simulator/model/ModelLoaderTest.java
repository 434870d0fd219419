package io.flowpulse.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.gen.SimulationOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {

    @TempDir
    Path dir;

    @Test
    void loadsAUserModelFromAFile() throws Exception {
        Path file = dir.resolve("model.yaml");
        Files.writeString(file, """
                cluster: tiny
                subnets:
                  - name: a
                    nodes: [{name: n1, address: 10.0.0.1, podCIDR: 10.1.0.0/24}]
                  - name: b
                    nodes: [{name: n2, address: 10.0.1.1, podCIDR: 10.1.1.0/24}]
                namespaces:
                  - name: x
                    workloads:
                      - {name: c, replicas: 2, subnets: [a]}
                      - {name: s, kind: StatefulSet, nodes: [n2]}
                traffic:
                  - {client: x/c, server: x/s, protocol: TCP, port: 80, rate: 1}
                faults:
                  - {kind: degraded-path, target: a->b, start: 1}
                """);
        ClusterModel model = ModelLoader.load(file);
        Cluster cluster = Cluster.build(model, 1);
        assertThat(cluster.name()).isEqualTo("tiny");
        assertThat(cluster.workload("x/c").pods()).hasSize(2).allSatisfy(p -> assertThat(p.node().name()).isEqualTo("n1"));
        assertThat(cluster.workload("x/s").pods().get(0).name()).isEqualTo("s-0");
        assertThat(cluster.workload("x/s").pods().get(0).ip()).isEqualTo("10.1.1.10");
        assertThat(SimulationOptions.modelFaults(model)).extracting(FaultSpec::toString).containsExactly("degraded-path=a->b,start=1");
    }

    @Test
    void unknownKeysAndBadValuesAreErrors() {
        assertThatThrownBy(() -> ModelLoader.parse("subnets: []\nnamspaces: []\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namspaces");
        ClusterModel badCidr = ModelLoader.parse("""
                subnets:
                  - name: a
                    nodes: [{name: n1, address: 10.0.0.1, podCIDR: 10.1.0.0}]
                """);
        assertThatThrownBy(() -> Cluster.build(badCidr, 1)).hasMessageContaining("n1").hasMessageContaining("CIDR");
        ClusterModel badPlacement = ModelLoader.parse("""
                subnets:
                  - name: a
                    nodes: [{name: n1, address: 10.0.0.1, podCIDR: 10.1.0.0/24}]
                namespaces:
                  - name: x
                    workloads: [{name: c, nodes: [n9]}]
                """);
        assertThatThrownBy(() -> Cluster.build(badPlacement, 1)).hasMessageContaining("unknown node 'n9'");
    }
}
