package io.flowpulse.cli;

import io.flowpulse.runtime.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every service command shares: config file, Kafka, registry, metrics port. */
public final class ServiceOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (YAML or .properties); FLOWPULSE_* environment variables override it.")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (kafka.bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-API schema registry, e.g. http://registry:8081 or Apicurio's .../apis/ccompat/v7 (schema.registry.url).")
    String registryUrl;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Port of /metrics and /health (http.port); 0 picks a free one.")
    Integer httpPort;

    /** Defaults < file < environment < these options and {@code extra}. */
    public Config load(Map<String, String> defaults, Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>(extra);
        put(overrides, "kafka.bootstrap.servers", bootstrapServers);
        put(overrides, "schema.registry.url", registryUrl);
        put(overrides, "http.port", httpPort == null ? null : httpPort.toString());
        return Config.load(defaults, configFile, overrides);
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
