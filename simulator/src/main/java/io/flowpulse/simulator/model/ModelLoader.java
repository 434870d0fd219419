package io.flowpulse.simulator.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads cluster models from YAML; unknown keys are errors, so a typo never goes unnoticed. */
public final class ModelLoader {

    /** Class-path location of the built-in model. */
    public static final String DEFAULT_MODEL_RESOURCE = "/io/flowpulse/simulator/default-cluster.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ModelLoader() {
    }

    /** The cluster Flowpulse was born from: 12 nodes in 5 subnets, one reachable only through a relay. */
    public static ClusterModel defaultModel() {
        try (InputStream in = ModelLoader.class.getResourceAsStream(DEFAULT_MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in model " + DEFAULT_MODEL_RESOURCE + " is missing from the class path");
            }
            return YAML.readValue(in, ClusterModel.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in model", e);
        }
    }

    public static ClusterModel load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return YAML.readValue(in, ClusterModel.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read cluster model " + file + ": " + e.getMessage(), e);
        }
    }

    public static ClusterModel parse(String yaml) {
        try {
            return YAML.readValue(yaml, ClusterModel.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid cluster model: " + e.getMessage(), e);
        }
    }
}
