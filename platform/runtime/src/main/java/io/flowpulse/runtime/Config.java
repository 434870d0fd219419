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
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Layered configuration with dotted keys ({@code kafka.bootstrap.servers}).
 *
 * <p>Precedence, lowest first: built-in defaults, a YAML or {@code .properties} file,
 * environment variables, command-line overrides. The environment variable of a key is
 * {@code FLOWPULSE_} + the key upper-cased with dots and dashes as underscores
 * ({@code FLOWPULSE_KAFKA_BOOTSTRAP_SERVERS}). Nested YAML maps flatten to dotted keys.
 *
 * <p>Settings classes read with the getters without a fallback ({@link #get(String)},
 * {@link #getInt(String)}, ...): the default of a key lives only in the defaults layer, and a key
 * that has neither a value nor a default is a {@link ConfigException}. An empty value counts as
 * unset, so the default applies.
 *
 * <p>A secret may come from a file or another environment variable instead of the value itself:
 * {@code clickhouse.password.file=PATH}, {@code ${file:PATH}}, {@code ${env:NAME}} ({@link Secrets}).
 * {@link #describe()} masks secrets.
 */
public final class Config {

    public static final String ENV_PREFIX = "FLOWPULSE_";

    private final Map<String, String> values;
    private final Map<String, String> sources;
    private final Map<String, String> defaults;

    private Config(Map<String, String> values, Map<String, String> sources, Map<String, String> defaults) {
        this.values = Collections.unmodifiableMap(values);
        this.sources = Collections.unmodifiableMap(sources);
        this.defaults = Collections.unmodifiableMap(defaults);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults, then the file (may be null), then the process environment, then overrides. */
    public static Config load(Map<String, String> defaults, Path file, Map<String, String> overrides) {
        return builder().defaults(defaults).file(file).environment(System.getenv()).overrides(overrides).build();
    }

    /**
     * The value of a key, else its default; empty only when the default is empty (an optional
     * setting such as a password).
     *
     * @throws ConfigException when the key has neither a value nor a default
     */
    public String get(String key) {
        String v = values.get(key);
        if (v != null && !v.isEmpty()) {
            return v;
        }
        String d = defaults.get(key);
        if (d == null) {
            throw missing(key);
        }
        return d;
    }

    /** The value or default of a key; empty when there is none or it is empty. */
    public Optional<String> optional(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            v = defaults.get(key);
        }
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public int getInt(String key) {
        long v = getLong(key);
        if (v != (int) v) {
            throw invalid(key, Long.toString(v), "an integer of at most " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    public long getLong(String key) {
        return parseLong(key, nonEmpty(key));
    }

    public double getDouble(String key) {
        return parseDouble(key, nonEmpty(key));
    }

    public boolean getBoolean(String key) {
        return parseBoolean(key, nonEmpty(key));
    }

    /** Durations as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT10S}). */
    public Duration getDuration(String key) {
        return parseDuration(key, nonEmpty(key));
    }

    /** Comma-separated list, blanks removed; an empty default gives an empty list. */
    public List<String> getList(String key) {
        return parseList(get(key));
    }

    /** Where the value of a key came from: default, file, env or override; null for an unknown key. */
    public String source(String key) {
        return sources.get(key);
    }

    public String get(String key, String defaultValue) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? defaultValue : v;
    }

    /** The value of a key; unlike {@link #get(String)} an empty value is an error even if the default is not. */
    public String require(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw missing(key);
        }
        return v;
    }

    public int getInt(String key, int defaultValue) {
        return (int) getLong(key, defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        String v = get(key, null);
        return v == null ? defaultValue : parseLong(key, v);
    }

    public double getDouble(String key, double defaultValue) {
        String v = get(key, null);
        return v == null ? defaultValue : parseDouble(key, v);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = get(key, null);
        return v == null ? defaultValue : parseBoolean(key, v);
    }

    public Duration getDuration(String key, Duration defaultValue) {
        String v = get(key, null);
        return v == null ? defaultValue : parseDuration(key, v);
    }

    /** Comma-separated list, blanks removed. */
    public List<String> getList(String key, List<String> defaultValue) {
        String v = get(key, null);
        return v == null ? defaultValue : parseList(v);
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
        values.forEach((k, v) -> out.put(k, Secrets.shown(k, v) + "  (" + sources.get(k) + ")"));
        return out;
    }

    public Map<String, String> asMap() {
        return values;
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private String nonEmpty(String key) {
        String v = get(key);
        if (v.isEmpty()) {
            throw missing(key);
        }
        return v;
    }

    private static long parseLong(String key, String v) {
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(key, v, "an integer");
        }
    }

    private static double parseDouble(String key, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, v, "a number");
        }
    }

    private static boolean parseBoolean(String key, String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1": return true;
            case "false": case "no": case "off": case "0": return false;
            default: throw invalid(key, v, "true or false");
        }
    }

    private static Duration parseDuration(String key, String v) {
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw invalid(key, v, "a duration such as 500ms, 10s, 5m or PT1M");
        }
    }

    private static List<String> parseList(String v) {
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static ConfigException missing(String key) {
        return new ConfigException("missing setting '" + key + "' (set it in the config file, as "
                + envName(key) + " or on the command line)");
    }

    private static ConfigException invalid(String key, String value, String expected) {
        return new ConfigException("setting '" + key + "' = '" + value + "' is not " + expected);
    }

    /** Collects the layers; later layers win. */
    public static final class Builder {
        private final Map<String, String> values = new TreeMap<>();
        private final Map<String, String> sources = new TreeMap<>();
        private final Map<String, String> defaultValues = new TreeMap<>();
        private final List<String> knownKeys = new ArrayList<>();
        private Map<String, String> environment = Map.of();

        /** Call before the other layers; several calls add up, a later one winning for a key in both. */
        public Builder defaults(Map<String, String> defaults) {
            put(defaults, "default");
            defaultValues.putAll(defaults);
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
            environment = Map.copyOf(env);
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

        /** The settings, with secret references ({@link Secrets}) resolved. */
        public Config build() {
            Map<String, String> resolvedSources = new TreeMap<>(sources);
            Map<String, String> resolved = Secrets.resolve(values, resolvedSources, environment);
            return new Config(resolved, resolvedSources, new TreeMap<>(defaultValues));
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
