package io.flowpulse.flink.cli;

import io.flowpulse.runtime.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The arguments the {@code flowpulse} command gives a Flink engine child JVM: {@code --settings FILE}
 * (the command's resolved settings, a properties file) and {@code --name value} pairs, some repeated.
 */
final class EngineArgs {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private EngineArgs() {
    }

    static EngineArgs parse(String[] args) {
        EngineArgs parsed = new EngineArgs();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + name + "'");
            }
            String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
            parsed.values.computeIfAbsent(name.substring(2), k -> new ArrayList<>()).add(value);
        }
        return parsed;
    }

    String get(String name) {
        List<String> all = values.get(name);
        return all == null ? null : all.get(all.size() - 1);
    }

    String require(String name) {
        String value = get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    Path path(String name) {
        String value = get(name);
        return value == null ? null : Path.of(value);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(get(name));
    }

    /** The settings file as the only layer over {@code defaults}: the parent resolved file, environment and options. */
    Config settings(Map<String, String> defaults) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(require("settings")))) {
            props.load(in);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return Config.builder().defaults(defaults).overrides(map).build();
    }
}
