package io.flowpulse.streams.logic.naming;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flowpulse.schemas.avro.Node;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline node inventory (analytics spec section 8):
 * <pre>
 * subnets:
 *   - name: lab-a
 *     nodes:
 *       - name: node-1
 *         addresses: [192.168.10.11]
 *         podCIDRs: [10.244.1.0/24]
 * </pre>
 * Nodes may also carry {@code labels} (a map). Other keys are ignored so that tools may keep
 * their own settings in the same file; missing names, bad CIDRs or addresses and duplicate
 * nodes are errors that name the offending entry.
 */
public final class TopologyFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TopologyFile() {
    }

    public static List<Node> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return parse(reader, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read topology file " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<Node> parse(String yaml) {
        try {
            return parse(new StringReader(yaml), "topology");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NodeInventory inventory(Path file) {
        return NodeInventory.of(read(file));
    }

    private static List<Node> parse(Reader reader, String origin) throws IOException {
        TopologyDocument document;
        try {
            document = YAML.readValue(reader, TopologyDocument.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(origin + ": not a valid topology file: " + e.getOriginalMessage(), e);
        }
        if (document == null || document.subnets == null || document.subnets.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no 'subnets' list");
        }
        List<Node> nodes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int s = 0; s < document.subnets.size(); s++) {
            SubnetEntry subnet = document.subnets.get(s);
            if (subnet == null || subnet.name == null || subnet.name.isBlank()) {
                throw new IllegalArgumentException(origin + ": subnets[" + s + "] has no name");
            }
            List<NodeEntry> entries = subnet.nodes == null ? List.of() : subnet.nodes;
            for (int n = 0; n < entries.size(); n++) {
                NodeEntry entry = entries.get(n);
                String where = origin + ": subnet " + subnet.name + ", nodes[" + n + "]";
                if (entry == null || entry.name == null || entry.name.isBlank()) {
                    throw new IllegalArgumentException(where + " has no name");
                }
                if (!seen.add(entry.name)) {
                    throw new IllegalArgumentException(where + ": node '" + entry.name + "' is listed twice");
                }
                nodes.add(Node.newBuilder()
                        .setName(entry.name)
                        .setSubnet(subnet.name)
                        .setAddresses(validated(entry.addresses, where + " addresses"))
                        .setPodCidrs(validated(entry.podCidrs, where + " podCIDRs"))
                        .setLabels(entry.labels == null ? Map.of() : new LinkedHashMap<>(entry.labels))
                        .build());
            }
        }
        NodeInventory.of(nodes); // fails early, with the node named, on addresses that are networks
        return nodes;
    }

    private static List<String> validated(List<String> values, String where) {
        if (values == null) {
            return List.of();
        }
        for (String value : values) {
            try {
                PrefixTable.Cidr.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(values);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class TopologyDocument {
        @JsonProperty("subnets")
        List<SubnetEntry> subnets;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class SubnetEntry {
        @JsonProperty("name")
        String name;
        @JsonProperty("nodes")
        List<NodeEntry> nodes;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class NodeEntry {
        @JsonProperty("name")
        String name;
        @JsonProperty("addresses")
        List<String> addresses;
        @JsonProperty("podCIDRs")
        List<String> podCidrs;
        @JsonProperty("labels")
        Map<String, String> labels;
    }
}
