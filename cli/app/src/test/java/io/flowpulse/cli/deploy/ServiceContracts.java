package io.flowpulse.cli.deploy;

import io.flowpulse.cli.FlowpulseCommand;
import io.flowpulse.console.ConsoleSettings;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.sink.SinkSettings;
import io.flowpulse.streams.app.StreamsSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/** What the code accepts, for checking deployment files against it. */
final class ServiceContracts {

    /**
     * Settings every service reads outside its own key list (logging), and the launchers' JVM
     * options (read by the shell script, not by the command).
     */
    static final Set<String> COMMON_ENV = Set.of("FLOWPULSE_LOG_FORMAT", "FLOWPULSE_LOG_LEVEL", "FLOWPULSE_JAVA_OPTS");
    static final Set<String> INGEST_EXTRA_KEYS = Set.of("nodes.subnet.label", "nodes.subnet.cidrs");

    private ServiceContracts() {
    }

    /** The settings keys of a subcommand, or null for commands without settings (simulate). */
    static Set<String> keysOf(String command) {
        Set<String> keys = new HashSet<>();
        switch (command) {
            case "ingest" -> {
                keys.addAll(IngestSettings.DEFAULTS.keySet());
                keys.addAll(INGEST_EXTRA_KEYS);
            }
            case "streams" -> keys.addAll(StreamsSettings.DEFAULTS.keySet());
            case "sink" -> keys.addAll(SinkSettings.DEFAULTS.keySet());
            case "console" -> keys.addAll(ConsoleSettings.DEFAULTS.keySet());
            default -> {
                return null;
            }
        }
        return keys;
    }

    /** The environment variables a subcommand reads: FLOWPULSE_ + each key. */
    static Set<String> envOf(String command) {
        Set<String> keys = keysOf(command);
        Set<String> env = new HashSet<>(COMMON_ENV);
        if (keys != null) {
            keys.forEach(k -> env.add(Config.envName(k)));
        }
        return env;
    }

    static Set<String> allEnv() {
        Set<String> env = new HashSet<>();
        for (String c : List.of("ingest", "streams", "sink", "console")) {
            env.addAll(envOf(c));
        }
        return env;
    }

    /** Parses a command line the way the flowpulse command does; throws on unknown options. */
    static CommandLine.ParseResult parse(List<String> args) {
        return new CommandLine(new FlowpulseCommand()).parseArgs(args.toArray(String[]::new));
    }

    static int defaultHttpPort(String command) {
        Map<String, String> defaults = switch (command) {
            case "ingest" -> IngestSettings.DEFAULTS;
            case "streams" -> StreamsSettings.DEFAULTS;
            case "sink" -> SinkSettings.DEFAULTS;
            case "console" -> ConsoleSettings.DEFAULTS;
            default -> Map.of();
        };
        return Integer.parseInt(defaults.getOrDefault("http.port", "-1"));
    }
}
