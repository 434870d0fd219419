package io.flowpulse.localstack.background;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What {@code flowpulse stack up} left running, kept in a properties file in the state directory:
 * per running service its process and endpoint, and per service the ports it had (by well-known port, to
 * reuse them next time, also after a stop).
 */
public final class StackState {

    static final String FILE_NAME = "stack.properties";

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Integer>> ports = new TreeMap<>();

    /** A running service: its launcher process (pid and start time, to recognise a reused pid) and address. */
    public record Entry(String service, long pid, long startedEpochMillis, String endpoint) {
    }

    /** The ports a service had last time, by well-known port; kept after it stopped. */
    public Map<Integer, Integer> ports(String service) {
        return ports.getOrDefault(service, Map.of());
    }

    public void putPorts(String service, Map<Integer, Integer> used) {
        ports.put(service, new TreeMap<>(used));
    }

    public Optional<Entry> entry(String service) {
        return Optional.ofNullable(entries.get(service));
    }

    /** The running services in the order they were started. */
    public Map<String, Entry> entries() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public void put(Entry entry) {
        entries.put(entry.service(), entry);
    }

    public void remove(String service) {
        entries.remove(service);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public void clearEntries() {
        entries.clear();
    }

    public static StackState read(Path dir) throws IOException {
        StackState state = new StackState();
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return state;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        for (String key : properties.stringPropertyNames()) {
            String[] parts = key.split("\\.");
            if (parts.length == 3 && parts[1].equals("port")) {
                state.ports.computeIfAbsent(parts[0], k -> new TreeMap<>())
                        .put(Integer.parseInt(parts[2]), Integer.parseInt(properties.getProperty(key)));
            }
        }
        for (String service : properties.getProperty("services", "").split(",")) {
            if (service.isBlank()) {
                continue;
            }
            state.put(new Entry(service,
                    Long.parseLong(required(properties, service + ".pid", file)),
                    Long.parseLong(properties.getProperty(service + ".started", "0")),
                    required(properties, service + ".endpoint", file)));
        }
        return state;
    }

    /** Writes the file atomically, so that a concurrent status never reads half of it. */
    public void write(Path dir) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("services", String.join(",", entries.keySet()));
        for (Entry entry : entries.values()) {
            properties.setProperty(entry.service() + ".pid", Long.toString(entry.pid()));
            properties.setProperty(entry.service() + ".started", Long.toString(entry.startedEpochMillis()));
            properties.setProperty(entry.service() + ".endpoint", entry.endpoint());
        }
        ports.forEach((service, used) -> used.forEach((wellKnown, actual) ->
                properties.setProperty(service + ".port." + wellKnown, Integer.toString(actual))));
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, FILE_NAME, ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp)) {
            properties.store(writer, "flowpulse stack: services started in the background");
        }
        Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void delete(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FILE_NAME));
    }

    private static String required(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + " lacks " + key + ": delete it and stop leftover processes by hand");
        }
        return value;
    }
}
