package io.flowpulse.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Layered configuration with dotted keys ({@code kafka.bootstrap.servers}).
 *
 * <p>Precedence, lowest first: built-in defaults, a YAML or {@code .properties} file,
 * environment variables, command-line overrides. The environment variable of a key is
 * {@code FLOWPULSE_} + the key upper-cased with dots and dashes as underscores
 * ({@code FLOWPULSE_KAFKA_BOOTSTRAP_SERVERS}). Nested YAML maps flatten to dotted keys.
 */
public final class Config {

    public static final String ENV_PREFIX = "FLOWPULSE_";

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private Config(Map<String, String> values, Map<String, String> sources) {
        this.values = Collections.unmodifiableMap(values);
        this.sources = Collections.unmodifiableMap(sources);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults, then the file (may be null), then the process environment, then overrides. */
    public static Config load(Map<String, String> defaults, Path file, Map<String, String> overrides) {
        return builder().defaults(defaults).file(file).environment(System.getenv()).overrides(overrides).build();
    }

    public String get(String key, String defaultValue) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? defaultValue : v;
    }

    public String require(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw new ConfigException("missing setting '" + key + "' (set it in the config file, as "
                    + envName(key) + " or on the command line)");
        }
        return v;
    }

    public int getInt(String key, int defaultValue) {
        return (int) getLong(key, defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        String v = get(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(key, v, "an integer");
        }
    }

    public double getDouble(String key, double defaultValue) {
        String v = get(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, v, "a number");
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = get(key, null);
        if (v == null) {
            return defaultValue;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1": return true;
            case "false": case "no": case "off": case "0": return false;
            default: throw invalid(key, v, "true or false");
        }
    }

    /** Durations as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT10S}). */
    public Duration getDuration(String key, Duration defaultValue) {
        String v = get(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw invalid(key, v, "a duration such as 500ms, 10s, 5m or PT1M");
        }
    }

    /** Comma-separated list, blanks removed. */
    public List<String> getList(String key, List<String> defaultValue) {
        String v = get(key, null);
        if (v == null) {
            return defaultValue;
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** All settings under {@code prefix.}, with the prefix removed: pass-through client properties. */
    public Properties withPrefix(String prefix) {
        String p = prefix.endsWith(".") ? prefix : prefix + ".";
        Properties props = new Properties();
        values.forEach((k, v) -> {
            if (k.startsWith(p) && !v.isEmpty()) {
                props.setProperty(k.substring(p.length()), v);
            }
        });
        return props;
    }

    /** Every key with its value and where it came from (default, file, env, override); secrets masked. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, (isSecret(k) ? "******" : v) + "  (" + sources.get(k) + ")"));
        return out;
    }

    public Map<String, String> asMap() {
        return values;
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.endsWith(".key") || k.contains("sasl.jaas");
    }

    private static ConfigException invalid(String key, String value, String expected) {
        return new ConfigException("setting '" + key + "' = '" + value + "' is not " + expected);
    }

    /** Collects the layers; later layers win. */
    public static final class Builder {
        private final Map<String, String> values = new TreeMap<>();
        private final Map<String, String> sources = new TreeMap<>();
        private final List<String> knownKeys = new ArrayList<>();

        public Builder defaults(Map<String, String> defaults) {
            put(defaults, "default");
            knownKeys.addAll(defaults.keySet());
            return this;
        }

        public Builder file(Path file) {
            if (file == null) {
                return this;
            }
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("config file " + file + " does not exist");
            }
            try (InputStream in = Files.newInputStream(file)) {
                put(file.toString().endsWith(".properties") ? readProperties(in) : readYaml(in), "file " + file);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            return this;
        }

        /**
         * Picks up FLOWPULSE_* variables. Known keys are matched exactly; other variables map
         * to lower-case dotted keys (FLOWPULSE_KAFKA_ACKS -> kafka.acks).
         */
        public Builder environment(Map<String, String> env) {
            Map<String, String> byEnvName = new TreeMap<>();
            for (String k : knownKeys) {
                byEnvName.put(envName(k), k);
            }
            for (String k : values.keySet()) {
                byEnvName.put(envName(k), k);
            }
            Map<String, String> fromEnv = new TreeMap<>();
            env.forEach((name, value) -> {
                if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                    String key = byEnvName.getOrDefault(name,
                            name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
                    fromEnv.put(key, value);
                }
            });
            put(fromEnv, "env");
            return this;
        }

        public Builder overrides(Map<String, String> overrides) {
            Map<String, String> nonNull = new TreeMap<>();
            overrides.forEach((k, v) -> {
                if (v != null) {
                    nonNull.put(k, v);
                }
            });
            put(nonNull, "override");
            return this;
        }

        public Config build() {
            return new Config(new TreeMap<>(values), new TreeMap<>(sources));
        }

        private void put(Map<String, String> layer, String source) {
            layer.forEach((k, v) -> {
                values.put(k, v);
                sources.put(k, source);
            });
        }

        private static Map<String, String> readProperties(InputStream in) throws IOException {
            Properties p = new Properties();
            p.load(in);
            Map<String, String> out = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return out;
        }

        private static Map<String, String> readYaml(InputStream in) throws IOException {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, String> out = new TreeMap<>();
            if (root != null && !root.isMissingNode() && !root.isNull()) {
                if (!root.isObject()) {
                    throw new ConfigException("config file must be a YAML mapping of settings");
                }
                flatten("", root, out);
            }
            return out;
        }

        private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
                }
            } else if (node.isArray()) {
                List<String> items = new ArrayList<>();
                node.forEach(n -> items.add(n.asText()));
                out.put(prefix, String.join(",", items));
            } else if (!node.isNull()) {
                out.put(prefix, node.asText());
            }
        }
    }

    /** A setting that is missing or malformed; the message names the key. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
