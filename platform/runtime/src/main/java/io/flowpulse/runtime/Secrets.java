package io.flowpulse.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which settings are secrets, how they are shown, and where their values may come from besides the
 * value itself: so that a password can live in a mounted Kubernetes Secret instead of the settings file.
 *
 * <ul>
 * <li>{@code <secret key>.file = PATH}: the secret is the content of the file (a trailing newline
 *     dropped), e.g. {@code clickhouse.password.file=/var/run/secrets/flowpulse/clickhouse-password};</li>
 * <li>{@code ${file:PATH}} within any value: replaced by the content of the file, e.g. inside
 *     {@code kafka.sasl.jaas.config};</li>
 * <li>{@code ${env:NAME}} within any value: replaced by the environment variable NAME.</li>
 * </ul>
 * A reference that cannot be resolved is a {@link Config.ConfigException} naming the setting, never its value.
 */
public final class Secrets {

    /** How a secret's value is shown wherever settings are printed. */
    public static final String MASK = "******";
    /** The suffix of a setting naming the file that holds a secret. */
    public static final String FILE_SUFFIX = ".file";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(file|env):([^}]+)}");

    private Secrets() {
    }

    /** Whether the value of {@code key} is a secret: passwords, keys, tokens, JAAS configurations, user info. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("sasl.jaas")
                || k.contains("user.info") || k.endsWith(".key");
    }

    /** The value as it may be shown: masked for a secret key. */
    public static String shown(String key, String value) {
        return isSecret(key) && value != null && !value.isEmpty() ? MASK : value;
    }

    /** A copy of client properties or settings whose secret values are masked: for a toString or a log line. */
    public static Map<String, String> masked(Map<?, ?> properties) {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((k, v) -> out.put(k.toString(), shown(k.toString(), String.valueOf(v))));
        return out;
    }

    /**
     * The settings with their secret references resolved. A {@code <secret key>.file} setting sets the
     * secret key in its place (an error when that key has a non-empty value of its own as well), so settings
     * handed on (to a child process, say) hold the secret once; {@code ${file:...}} and {@code ${env:...}}
     * are replaced within every value.
     *
     * @param sources where each setting came from; a secret read from a file is recorded as such
     */
    static Map<String, String> resolve(Map<String, String> values, Map<String, String> sources,
                                       Map<String, String> environment) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((key, value) -> out.put(key, replaceReferences(key, value, environment)));
        values.forEach((key, path) -> {
            if (!key.endsWith(FILE_SUFFIX) || path.isEmpty()) {
                return;
            }
            String secretKey = key.substring(0, key.length() - FILE_SUFFIX.length());
            if (!isSecret(secretKey)) {
                return;
            }
            String own = values.get(secretKey);
            if (own != null && !own.isEmpty() && !"default".equals(sources.get(secretKey))) {
                throw new Config.ConfigException("set either '" + secretKey + "' or '" + key + "', not both");
            }
            String file = out.remove(key);
            out.put(secretKey, readFile(key, file));
            sources.remove(key);
            sources.put(secretKey, "file " + file + " (" + key + ")");
        });
        return out;
    }

    private static String replaceReferences(String key, String value, Map<String, String> environment) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String target = m.group(2).trim();
            String replacement;
            if (m.group(1).equals("env")) {
                replacement = environment.get(target);
                if (replacement == null) {
                    throw new Config.ConfigException("setting '" + key + "' refers to the environment variable "
                            + target + ", which is not set");
                }
            } else {
                replacement = readFile(key, target);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String readFile(String key, String path) {
        try {
            String content = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            return stripFinalNewline(content);
        } catch (IOException | RuntimeException e) {
            throw new Config.ConfigException("setting '" + key + "': cannot read the secret file " + path + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Secrets are often written with a final newline (echo, kubectl create secret --from-file): drop it. */
    static String stripFinalNewline(String content) {
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        if (content.endsWith("\n")) {
            return content.substring(0, content.length() - 1);
        }
        return content;
    }
}
