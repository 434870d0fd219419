package io.flowpulse.schemas.topology;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link Topology} file. Keys it does not know are ignored, so that tools may keep their
 * own settings in the same file; a missing 'subnets' list, missing names, empty list entries and
 * nodes listed twice are errors that name the offending entry.
 */
public final class TopologyReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TopologyReader() {
    }

    public static Topology read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return read(reader, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read topology file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the text of a topology file; errors name it "topology". */
    public static Topology parse(String yaml) {
        try {
            return read(new StringReader(yaml), "topology");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code reader} to its end; {@code origin} (a file name) starts every error message. */
    public static Topology read(Reader reader, String origin) throws IOException {
        Document document;
        try {
            document = YAML.readValue(reader, Document.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(origin + ": not a valid topology file: " + e.getOriginalMessage(), e);
        }
        if (document == null || document.subnets == null || document.subnets.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no '" + Topology.SUBNETS + "' list");
        }
        List<Topology.Subnet> subnets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int s = 0; s < document.subnets.size(); s++) {
            SubnetEntry subnet = document.subnets.get(s);
            if (subnet == null || isBlank(subnet.name)) {
                throw new IllegalArgumentException(origin + ": subnets[" + s + "] has no name");
            }
            List<NodeEntry> entries = subnet.nodes == null ? List.of() : subnet.nodes;
            List<Topology.Node> nodes = new ArrayList<>();
            for (int n = 0; n < entries.size(); n++) {
                NodeEntry entry = entries.get(n);
                String where = origin + ": subnet " + subnet.name + ", nodes[" + n + "]";
                if (entry == null || isBlank(entry.name)) {
                    throw new IllegalArgumentException(where + " has no name");
                }
                if (!seen.add(entry.name)) {
                    throw new IllegalArgumentException(where + ": node '" + entry.name + "' is listed twice");
                }
                nodes.add(new Topology.Node(entry.name,
                        noEmptyEntries(entry.addresses, where + " " + Topology.ADDRESSES),
                        noEmptyEntries(entry.podCidrs, where + " " + Topology.POD_CIDRS),
                        entry.labels));
            }
            subnets.add(new Topology.Subnet(subnet.name, nodes));
        }
        return new Topology(subnets);
    }

    private static List<String> noEmptyEntries(List<String> values, String where) {
        if (values != null && values.contains(null)) {
            throw new IllegalArgumentException(where + ": an entry is empty");
        }
        return values;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private static final class Document {
        @JsonProperty(Topology.SUBNETS)
        List<SubnetEntry> subnets;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private static final class SubnetEntry {
        @JsonProperty(Topology.NAME)
        String name;
        @JsonProperty(Topology.NODES)
        List<NodeEntry> nodes;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private static final class NodeEntry {
        @JsonProperty(Topology.NAME)
        String name;
        @JsonProperty(Topology.ADDRESSES)
        List<String> addresses;
        @JsonProperty(Topology.POD_CIDRS)
        List<String> podCidrs;
        @JsonProperty(Topology.LABELS)
        Map<String, String> labels;
    }
}
