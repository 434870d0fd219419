package io.flowpulse.cli;

import io.flowpulse.runtime.CommonSettings;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every service command shares: those of {@link ConfigOptions} (config file, {@code --set},
 * logging), Kafka, registry, metrics port.
 */
public final class ServiceOptions extends ConfigOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (kafka.bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-API schema registry, e.g. http://registry:8081 or Apicurio's .../apis/ccompat/v7 (schema.registry.url).")
    String registryUrl;

    @Option(names = "--http-host", paramLabel = "ADDRESS",
            description = "Address /metrics and /health are served on (http.host, default 0.0.0.0: every interface; "
                    + "127.0.0.1 keeps them on this machine).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Port of /metrics and /health (http.port); 0 picks a free one.")
    Integer httpPort;

    @Override
    void putOptions(Map<String, String> overrides) {
        put(overrides, CommonSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        put(overrides, CommonSettings.REGISTRY_URL, registryUrl);
        put(overrides, CommonSettings.HTTP_HOST, httpHost);
        put(overrides, CommonSettings.HTTP_PORT, httpPort);
    }
}
