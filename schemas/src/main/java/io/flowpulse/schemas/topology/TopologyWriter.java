package io.flowpulse.schemas.topology;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;

/**
 * Writes a {@link Topology} file that {@link TopologyReader} reads back equal. Addresses and pod
 * CIDRs are written as one-line lists ({@code addresses: [192.168.10.11]}), as people write them.
 */
public final class TopologyWriter {

    private static final InlineListsFactory YAML = new InlineListsFactory(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET));

    private TopologyWriter() {
    }

    public static String toYaml(Topology topology) {
        StringWriter out = new StringWriter();
        try {
            write(topology, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the file, creating its folder when there is none. */
    public static void write(Topology topology, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                write(topology, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write topology file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the file to {@code out}, which stays open. */
    public static void write(Topology topology, Writer out) throws IOException {
        try (InlineListsGenerator yaml = YAML.createGenerator(out)) {
            yaml.writeStartObject();
            yaml.writeArrayFieldStart(Topology.SUBNETS);
            for (Topology.Subnet subnet : topology.subnets()) {
                yaml.writeStartObject();
                yaml.writeStringField(Topology.NAME, subnet.name());
                yaml.writeArrayFieldStart(Topology.NODES);
                for (Topology.Node node : subnet.nodes()) {
                    yaml.writeStartObject();
                    yaml.writeStringField(Topology.NAME, node.name());
                    yaml.writeInlineList(Topology.ADDRESSES, node.addresses());
                    yaml.writeInlineList(Topology.POD_CIDRS, node.podCidrs());
                    if (!node.labels().isEmpty()) {
                        yaml.writeObjectFieldStart(Topology.LABELS);
                        for (Map.Entry<String, String> label : node.labels().entrySet()) {
                            yaml.writeStringField(label.getKey(), label.getValue());
                        }
                        yaml.writeEndObject();
                    }
                    yaml.writeEndObject();
                }
                yaml.writeEndArray();
                yaml.writeEndObject();
            }
            yaml.writeEndArray();
            yaml.writeEndObject();
        }
    }

    /**
     * Jackson's YAML generator writes every list in one style, taken from its dumper options when the
     * list starts; this one switches to the one-line style for the lists of scalars.
     */
    private static final class InlineListsGenerator extends YAMLGenerator {

        InlineListsGenerator(IOContext context, int features, int yamlFeatures, StringQuotingChecker quoting,
                             ObjectCodec codec, Writer out, DumperOptions.Version version) throws IOException {
            super(context, features, yamlFeatures, quoting, codec, out, version);
        }

        void writeInlineList(String field, List<String> values) throws IOException {
            writeFieldName(field);
            _outputOptions.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
            try {
                writeStartArray();
                for (String value : values) {
                    writeString(value);
                }
                writeEndArray();
            } finally {
                _outputOptions.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            }
        }
    }

    private static final class InlineListsFactory extends YAMLFactory {

        InlineListsFactory(YAMLFactoryBuilder builder) {
            super(builder);
        }

        @Override
        public InlineListsGenerator createGenerator(Writer out) throws IOException {
            return (InlineListsGenerator) super.createGenerator(out);
        }

        // built from the YAML version rather than shared dumper options, each generator has options of
        // its own to switch
        @Override
        protected YAMLGenerator _createGenerator(Writer out, IOContext context) throws IOException {
            return new InlineListsGenerator(context, _generatorFeatures, _yamlGeneratorFeatures, _quotingChecker,
                    _objectCodec, out, _version);
        }
    }
}
