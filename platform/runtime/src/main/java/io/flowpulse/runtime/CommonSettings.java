package io.flowpulse.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings every service shares, with their defaults: where Kafka and the schema registry are,
 * how the topics a service creates are laid out, and the interface of the metrics and health
 * endpoint. A service's {@code DEFAULTS} joins these with its own ({@link #join}); the names of
 * the topics come from {@code io.flowpulse.schemas.TopicSettings}.
 */
public final class CommonSettings {

    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String TOPIC_PARTITIONS = "topics.partitions";
    public static final String TOPIC_REPLICATION = "topics.replication";
    public static final String TOPIC_RETENTION_MS = "topics.retention.ms";
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";

    /** Kafka and the schema registry on this machine. */
    public static final Map<String, String> CONNECTION = ordered(
            BOOTSTRAP_SERVERS, "127.0.0.1:9092",
            REGISTRY_URL, "http://127.0.0.1:8081");

    /** Partitions, replication factor and retention (7 days) of the topics a service creates. */
    public static final Map<String, String> TOPIC_LAYOUT = ordered(
            TOPIC_PARTITIONS, "4",
            TOPIC_REPLICATION, "1",
            TOPIC_RETENTION_MS, Long.toString(7L * 24 * 60 * 60 * 1000));

    private CommonSettings() {
    }

    /**
     * What the schema registry client needs, under the keys of Confluent's serde: the URL, and every
     * {@code schema.registry.*} and {@code basic.auth.*} setting (credentials, trust store, retries).
     */
    public static Map<String, String> registryClient(Config config) {
        Map<String, String> out = new java.util.TreeMap<>();
        config.asMap().forEach((key, value) -> {
            if (!value.isEmpty() && (key.startsWith("schema.registry.") || key.startsWith("basic.auth."))
                    && !key.endsWith(Secrets.FILE_SUFFIX)) {
                out.put(key, value);
            }
        });
        out.put(REGISTRY_URL, config.require(REGISTRY_URL));
        return Collections.unmodifiableMap(out);
    }

    /** The metrics and health endpoint on every interface, at the service's own port. */
    public static Map<String, String> http(int port) {
        return ordered(HTTP_HOST, "0.0.0.0", HTTP_PORT, Integer.toString(port));
    }

    /**
     * The defaults of a service from its parts, in their order. A key in two parts would be a
     * setting with two defaults, so that is refused.
     */
    @SafeVarargs
    public static Map<String, String> join(Map<String, String>... parts) {
        Map<String, String> all = new LinkedHashMap<>();
        for (Map<String, String> part : parts) {
            part.forEach((key, value) -> {
                if (all.putIfAbsent(key, value) != null) {
                    throw new IllegalStateException("setting '" + key + "' has two defaults");
                }
            });
        }
        return Collections.unmodifiableMap(all);
    }

    /** Key, value, key, value, ... in this order. */
    public static Map<String, String> ordered(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must pair up");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
