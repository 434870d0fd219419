package io.flowpulse.cli.flink;

import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import java.util.Locale;
import java.util.Map;

/** The analytics engine of {@code flowpulse replay} and {@code flowpulse streams}: setting {@code engine}. */
public enum Engine {
    STREAMS, FLINK;

    public static final String KEY = "engine";
    public static final Map<String, String> DEFAULTS = CommonSettings.ordered(KEY, "streams");

    public static Engine of(Config config) {
        String value = config.get(KEY, "streams").trim();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "streams" -> STREAMS;
            case "flink" -> FLINK;
            default -> throw new Config.ConfigException("setting 'engine' = '" + value + "' is not streams or flink");
        };
    }
}
