package io.flowpulse.cli;

import io.flowpulse.console.ConsoleService;
import io.flowpulse.console.ConsoleSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.service.ExitCodes;
import io.flowpulse.runtime.service.ServiceRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowpulse console}: the live network console in the browser. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Serve the live network console: a page with the subnet map, cross-subnet latency and jitter, "
                + "the worst links, DNS clients, alerts and the pipeline's rates, updated as results arrive "
                + "(Server-Sent Events on /api/events).",
            "Reads flowpulse.links.v1, flowpulse.dns.v1, flowpulse.latency.v1, flowpulse.alerts.v1 and the node "
                + "inventory; keeps a bounded recent history in memory, filled at start from ClickHouse "
                + "(--clickhouse-url) or by reading the topics back. Prints 'Console: URL' once it serves."})
public final class ConsoleCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address the page is served on (console.host, default 127.0.0.1; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port of the page (console.port, default 9405; 0 picks a free one).")
    Integer port;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Require 'Authorization: Bearer TOKEN' (console.token); prefer FLOWPULSE_CONSOLE_TOKEN. "
                    + "A browser opens /?token=TOKEN once.")
    String token;

    @Option(names = "--clickhouse-url", paramLabel = "URL",
            description = "Fill the history at start from the sink's ClickHouse (clickhouse.url); default: the topics.")
    String clickHouseUrl;

    @Option(names = "--history", paramLabel = "DURATION",
            description = "How far back the history reaches (console.history.max-age, default 30m).")
    String history;

    @Spec
    void listSettings(CommandSpec spec) {
        List<String> footer = new ArrayList<>(List.of("", "Settings (key = default), also in the --config file or as",
                "FLOWPULSE_<KEY> environment variables with dots and dashes as underscores:"));
        ConsoleSettings.DEFAULTS.forEach((key, value) -> footer.add("  " + key + " = " + value));
        footer.add("  kafka.<any consumer setting>, e.g. kafka.security.protocol");
        spec.usageMessage().footer(footer.toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        ConsoleSettings consoleSettings;
        try {
            consoleSettings = ConsoleSettings.from(service.load(ConsoleSettings.DEFAULTS, overrides()));
        } catch (Config.ConfigException | IllegalArgumentException e) {
            System.err.println("flowpulse console: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        ConsoleService console = ConsoleService.create(consoleSettings);
        return new ServiceRunner("flowpulse console")
                .add(console, consoleSettings.httpHost(), consoleSettings.httpPort(), url -> {
                    System.out.println("Console: " + console.url());
                    System.out.flush();
                    System.err.printf("flowpulse console: %s, %s (metrics on %s/metrics)%n",
                            String.join(", ", consoleSettings.resultTopics()), consoleSettings.nodesTopic(), url);
                })
                .run();
    }

    private Map<String, String> overrides() {
        Map<String, String> map = new HashMap<>();
        put(map, "console.host", host);
        put(map, "console.port", port);
        put(map, "console.token", token);
        put(map, "clickhouse.url", clickHouseUrl);
        put(map, "console.history.max-age", history);
        return map;
    }

    private static void put(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
