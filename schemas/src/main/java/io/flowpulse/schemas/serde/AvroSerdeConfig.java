package io.flowpulse.schemas.serde;

import io.flowpulse.schemas.registry.RetryPolicy;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.tls.TrustStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.config.ConfigException;

/**
 * Kafka-style configuration keys of the Avro serde. The registry keys have the names of
 * Confluent's serde so existing configurations carry over.
 */
public final class AvroSerdeConfig {
    /** Base URL of the Confluent REST API, e.g. http://127.0.0.1:8081 or .../apis/ccompat/v7. Required. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** {@code user:password} for HTTP basic auth; also accepted with the {@code schema.registry.} prefix. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /**
     * Where the basic auth credentials are: USER_INFO ({@link #BASIC_AUTH_USER_INFO}, the default) or URL
     * (the user info of {@link #SCHEMA_REGISTRY_URL}, https://user:password@host/..., which is then left
     * out of the URL the client shows). Also accepted with the {@code schema.registry.} prefix.
     */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** Trust store of an https:// registry with a private CA: PKCS12, JKS or PEM (certificates). */
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    /** PKCS12, JKS or PEM; by default what the file name suggests. */
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    /** Register writer schemas (true, default) or only look up their ids (false). */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Deserialize into generated SpecificRecord classes (true) or GenericRecord (false, default). */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Generated class to read keys / values into; implies the specific reader. */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    /** TopicNameStrategy (default), RecordNameStrategy or TopicRecordNameStrategy. */
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    /**
     * Comma-separated generated record classes whose schemas, as a union when there are several,
     * form the one schema every key / value is written with (and registered under the subject).
     */
    public static final String KEY_SCHEMA_CLASSES = "flowpulse.avro.key.schema.classes";
    public static final String VALUE_SCHEMA_CLASSES = "flowpulse.avro.value.schema.classes";
    /** The same as a schema in Avro JSON. */
    public static final String KEY_SCHEMA = "flowpulse.avro.key.schema";
    public static final String VALUE_SCHEMA = "flowpulse.avro.value.schema";
    /** Retry budget of registry calls (connect errors, timeouts, 5xx). */
    public static final String RETRY_MAX_ATTEMPTS = "schema.registry.retry.max.attempts";
    public static final String RETRY_INITIAL_BACKOFF_MS = "schema.registry.retry.initial.backoff.ms";
    public static final String RETRY_MAX_BACKOFF_MS = "schema.registry.retry.max.backoff.ms";
    public static final String RETRY_DEADLINE_MS = "schema.registry.retry.deadline.ms";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    private AvroSerdeConfig() {
    }

    private record ClientKey(String url, String userInfo, RetryPolicy retry, long requestTimeoutMs,
                             String trustStore, String trustStorePassword, String trustStoreType) {
        @Override
        public String toString() {
            return "registry client of " + url;
        }
    }

    /** Serdes configured alike share one client, and so its caches and its HTTP connections. */
    private static final Map<ClientKey, SchemaRegistryClient> SHARED_CLIENTS = new ConcurrentHashMap<>();

    /**
     * The registry client for {@link #SCHEMA_REGISTRY_URL}, the auth and the retry keys: one per
     * distinct setting in this JVM.
     */
    public static SchemaRegistryClient registryClient(Map<String, ?> configs) {
        String urls = string(configs, SCHEMA_REGISTRY_URL, null);
        if (urls == null || urls.isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required (base URL of a Confluent-API schema registry)");
        }
        // Confluent accepts a list of URLs; this client talks to the first one.
        String url = urls.split(",")[0].trim();
        RetryPolicy defaults = RetryPolicy.DEFAULT;
        RetryPolicy retry = new RetryPolicy(
                integer(configs, RETRY_MAX_ATTEMPTS, defaults.maxAttempts()),
                Duration.ofMillis(longValue(configs, RETRY_INITIAL_BACKOFF_MS, defaults.initialBackoff().toMillis())),
                Duration.ofMillis(longValue(configs, RETRY_MAX_BACKOFF_MS, defaults.maxBackoff().toMillis())),
                Duration.ofMillis(longValue(configs, RETRY_DEADLINE_MS, defaults.deadline().toMillis())));
        long requestTimeoutMs = longValue(configs, REQUEST_TIMEOUT_MS, 10_000);
        Credentials credentials = credentials(configs, url);
        ClientKey key = new ClientKey(credentials.url(), credentials.userInfo(), retry, requestTimeoutMs,
                string(configs, SSL_TRUSTSTORE_LOCATION, null), string(configs, SSL_TRUSTSTORE_PASSWORD, null),
                string(configs, SSL_TRUSTSTORE_TYPE, null));
        return SHARED_CLIENTS.computeIfAbsent(key, k -> {
            SchemaRegistryClient.Builder builder = SchemaRegistryClient.builder(k.url())
                    .retry(k.retry())
                    .requestTimeout(Duration.ofMillis(k.requestTimeoutMs()));
            if (k.userInfo() != null) {
                builder.basicAuthUserInfo(k.userInfo());
            }
            if (k.trustStore() != null && !k.trustStore().isBlank()) {
                builder.sslContext(TrustStores.sslContext(k.trustStore(), k.trustStorePassword(), k.trustStoreType()));
            }
            return builder.build();
        });
    }

    /** The URL to call and the basic auth user info, from where {@link #BASIC_AUTH_CREDENTIALS_SOURCE} says. */
    private record Credentials(String url, String userInfo) {
    }

    private static Credentials credentials(Map<String, ?> configs, String url) {
        String source = string(configs, BASIC_AUTH_CREDENTIALS_SOURCE,
                string(configs, "schema.registry." + BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO")).trim();
        switch (source.toUpperCase(java.util.Locale.ROOT)) {
            case "USER_INFO" -> {
                String userInfo = string(configs, BASIC_AUTH_USER_INFO,
                        string(configs, "schema.registry." + BASIC_AUTH_USER_INFO, null));
                return new Credentials(url, userInfo == null || userInfo.isBlank() ? null : userInfo);
            }
            case "URL" -> {
                java.net.URI uri;
                try {
                    uri = java.net.URI.create(url);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(SCHEMA_REGISTRY_URL + " is not a URL");
                }
                if (uri.getRawUserInfo() == null) {
                    throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + "=URL needs the credentials in "
                            + SCHEMA_REGISTRY_URL + " (https://user:password@host/...)");
                }
                String userInfo = java.net.URLDecoder.decode(uri.getRawUserInfo(), java.nio.charset.StandardCharsets.UTF_8);
                String withoutUserInfo = url.replaceFirst("//[^/@]*@", "//");
                return new Credentials(withoutUserInfo, userInfo);
            }
            default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + " must be USER_INFO or URL, got '"
                    + source + "'");
        }
    }

    static SerdeSettings settings(Map<String, ?> configs, boolean isKey) {
        ClassLoader classLoader = AvroSerdeConfig.class.getClassLoader();
        Schema writerSchema = writerSchema(configs, isKey, classLoader);
        String typeName = string(configs, isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE, null);
        Schema readerSchema = typeName == null ? null : schemaOfClasses(typeName, classLoader,
                isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE);
        boolean specific = typeName != null || bool(configs, SPECIFIC_AVRO_READER, false);
        String strategy = string(configs, isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY, "TopicNameStrategy");
        return new SerdeSettings(registryClient(configs), isKey, SubjectNameStrategy.parse(strategy),
                bool(configs, AUTO_REGISTER_SCHEMAS, true), specific, writerSchema, readerSchema, classLoader);
    }

    private static Schema writerSchema(Map<String, ?> configs, boolean isKey, ClassLoader classLoader) {
        String classesKey = isKey ? KEY_SCHEMA_CLASSES : VALUE_SCHEMA_CLASSES;
        String schemaKey = isKey ? KEY_SCHEMA : VALUE_SCHEMA;
        String classes = string(configs, classesKey, null);
        String json = string(configs, schemaKey, null);
        if (classes != null && json != null) {
            throw new ConfigException("Set only one of " + classesKey + " and " + schemaKey);
        }
        if (classes != null) {
            return schemaOfClasses(classes, classLoader, classesKey);
        }
        if (json != null) {
            try {
                return new Schema.Parser().parse(json);
            } catch (SchemaParseException e) {
                throw new ConfigException(schemaKey + " is not a valid Avro schema: " + e.getMessage());
            }
        }
        return null;
    }

    /** Schema of one generated class, or the union of several. */
    static Schema schemaOfClasses(String classNames, ClassLoader classLoader, String key) {
        List<Schema> schemas = new ArrayList<>();
        for (String name : classNames.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                Class<?> type = Class.forName(name.trim(), true, classLoader);
                schemas.add(SpecificData.get().getSchema(type));
            } catch (ClassNotFoundException e) {
                throw new ConfigException(key + ": class " + name.trim() + " not found");
            } catch (RuntimeException e) {
                throw new ConfigException(key + ": class " + name.trim() + " has no Avro schema: " + e.getMessage());
            }
        }
        if (schemas.isEmpty()) {
            throw new ConfigException(key + " names no class");
        }
        return schemas.size() == 1 ? schemas.get(0) : Schema.createUnion(schemas);
    }

    private static String string(Map<String, ?> configs, String key, String fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Class<?> type) {
            return type.getName();
        }
        return value.toString();
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        String value = string(configs, key, null);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new ConfigException(key, value, "expected true or false");
    }

    private static long longValue(Map<String, ?> configs, String key, long fallback) {
        String value = string(configs, key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a whole number");
        }
    }

    private static int integer(Map<String, ?> configs, String key, int fallback) {
        long value = longValue(configs, key, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ConfigException(key, value, "out of range");
        }
        return (int) value;
    }
}
