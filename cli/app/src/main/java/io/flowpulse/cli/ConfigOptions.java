package io.flowpulse.cli;

import io.flowpulse.runtime.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Options of every command that reads settings: the settings file, {@code --set KEY=VALUE} and
 * logging. {@link #load} layers defaults &lt; file &lt; environment &lt; command-line options &lt;
 * {@code --set} and applies the logging settings.
 */
public class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (YAML or .properties); FLOWPULSE_* environment variables, options and --set "
                    + "override it.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", converter = SettingConverter.class,
            description = "Any setting, e.g. --set alerts.link.drop-rate=0.1 or --set kafka.acks=all; repeatable, "
                    + "wins over the file, the environment and the other options.")
    List<Setting> settings = new ArrayList<>();

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "Level of Flowpulse's own logs: TRACE, DEBUG, INFO, WARN, ERROR or OFF (log.level).")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "Log lines on stderr as text or as one JSON object per line (log.format).")
    String logFormat;

    /** One {@code --set}: a key and its value (may be empty). */
    public record Setting(String key, String value) {

        /** Parses {@code KEY=VALUE}: the key is what comes before the first '=' and must not be blank. */
        public static Setting parse(String text) {
            int equals = text.indexOf('=');
            if (equals < 0 || text.substring(0, equals).isBlank()) {
                throw new IllegalArgumentException("--set expects KEY=VALUE, e.g. alerts.link.drop-rate=0.1, got '"
                        + text + "'");
            }
            return new Setting(text.substring(0, equals).trim(), text.substring(equals + 1).trim());
        }
    }

    public static final class SettingConverter implements ITypeConverter<Setting> {
        @Override
        public Setting convert(String value) {
            try {
                return Setting.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * Loads the settings of a command and applies its logging settings.
     *
     * @param defaults every key of the command with its default
     * @param extra    the command's own options as settings (null values are skipped)
     */
    public Config load(Map<String, String> defaults, Map<String, String> extra) {
        return load(defaults, extra, System.getenv());
    }

    Config load(Map<String, String> defaults, Map<String, String> extra, Map<String, String> environment) {
        Map<String, String> overrides = new LinkedHashMap<>(extra);
        putOptions(overrides);
        put(overrides, LoggingSettings.LEVEL, logLevel);
        put(overrides, LoggingSettings.FORMAT, logFormat);
        for (Setting setting : settings) {
            overrides.put(setting.key(), setting.value());
        }
        Config config = Config.builder().defaults(LoggingSettings.DEFAULTS).defaults(defaults).file(configFile)
                .environment(environment).overrides(overrides).build();
        LoggingSettings.from(config).apply();
        return config;
    }

    /** The settings of further options of a subclass, at the level of the command's own options. */
    void putOptions(Map<String, String> overrides) {
    }

    static void put(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
