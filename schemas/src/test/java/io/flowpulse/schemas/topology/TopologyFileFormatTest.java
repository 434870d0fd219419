package io.flowpulse.schemas.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyFileFormatTest {

    private static final Topology TOPOLOGY = new Topology(List.of(
            new Topology.Subnet("lab-a", List.of(
                    new Topology.Node("node-1", List.of("192.168.10.11"), List.of("10.244.1.0/24")),
                    new Topology.Node("node-2", List.of("192.168.10.12", "fd00::12"),
                            List.of("10.244.2.0/24", "fd00:244:2::/64"), labels("zone", "a", "rack", "07")))),
            new Topology.Subnet("lab-b: west", List.of(
                    new Topology.Node("node-3", List.of("192.168.20.13"), List.of()))),
            new Topology.Subnet("empty", List.of())));

    @Test
    void writtenFilesReadBackEqual(@TempDir Path dir) {
        Path file = dir.resolve("nested/topology.yaml");
        TopologyWriter.write(TOPOLOGY, file);
        assertThat(TopologyReader.read(file)).isEqualTo(TOPOLOGY);
        assertThat(TopologyReader.parse(TopologyWriter.toYaml(TOPOLOGY))).isEqualTo(TOPOLOGY);
    }

    @Test
    void labelsKeepTheirOrderAndNumberLikeValuesStayText() {
        Topology read = TopologyReader.parse(TopologyWriter.toYaml(TOPOLOGY));
        assertThat(read.subnets().get(0).nodes().get(1).labels()).containsExactly(
                Map.entry("zone", "a"), Map.entry("rack", "07"));
    }

    @Test
    void addressListsStayOnOneLine() {
        Topology one = new Topology(List.of(new Topology.Subnet("lab-a", List.of(
                new Topology.Node("node-1", List.of("192.168.10.11"), List.of("10.244.1.0/24"))))));
        assertThat(TopologyWriter.toYaml(one)).isEqualTo("""
                subnets:
                  - name: lab-a
                    nodes:
                      - name: node-1
                        addresses: [192.168.10.11]
                        podCIDRs: [10.244.1.0/24]
                """);
    }

    @Test
    void readsWhatPeopleWriteAndIgnoresOtherKeys() {
        Topology read = TopologyReader.parse("""
                subnets:
                  - name: lab-a
                    latency: 40ms   # a setting of another tool
                    nodes:
                      - name: node-1
                        addresses:
                          - 192.168.10.11
                        labels: {zone: a}
                """);
        assertThat(read).isEqualTo(new Topology(List.of(new Topology.Subnet("lab-a", List.of(
                new Topology.Node("node-1", List.of("192.168.10.11"), List.of(), Map.of("zone", "a")))))));
    }

    @Test
    void errorsNameTheEntry() {
        assertThatThrownBy(() -> TopologyReader.parse("nodes: []")).hasMessage("topology: no 'subnets' list");
        assertThatThrownBy(() -> TopologyReader.parse("subnets:\n  - nodes: []\n"))
                .hasMessage("topology: subnets[0] has no name");
        assertThatThrownBy(() -> TopologyReader.parse("subnets:\n  - name: a\n    nodes:\n      - addresses: []\n"))
                .hasMessage("topology: subnet a, nodes[0] has no name");
        assertThatThrownBy(() -> TopologyReader.parse("subnets:\n  - name: a\n    nodes: [{name: n}]\n"
                + "  - name: b\n    nodes: [{name: n}]\n"))
                .hasMessage("topology: subnet b, nodes[0]: node 'n' is listed twice");
        assertThatThrownBy(() -> TopologyReader.parse("subnets:\n  - name: a\n    nodes:\n      - name: n\n"
                + "        addresses: [~]\n")).hasMessage("topology: subnet a, nodes[0] addresses: an entry is empty");
        assertThatThrownBy(() -> TopologyReader.parse("subnets: [unclosed"))
                .hasMessageStartingWith("topology: not a valid topology file");
    }

    private static Map<String, String> labels(String... keysAndValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            labels.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return labels;
    }
}
