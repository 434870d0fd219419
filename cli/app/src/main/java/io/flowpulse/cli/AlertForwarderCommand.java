package io.flowpulse.cli;

import io.flowpulse.alerting.AlertForwarderClients;
import io.flowpulse.alerting.AlertForwarderService;
import io.flowpulse.alerting.AlertForwarderSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.Metrics;
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

/** {@code flowpulse alert-forwarder}: the analytics' alerts to Alertmanager and/or a webhook. */
@Command(name = "alert-forwarder", mixinStandardHelpOptions = true,
        description = {"Forward every FIRING and RESOLVED of flowpulse.alerts.v1 to a Prometheus Alertmanager "
                + "(v2 API) and/or a webhook (JSON POST) until stopped.",
            "Alertmanager gets labels alertname (the kind), subject, severity and flowpulse_*, annotations with "
                + "value, threshold and window; a RESOLVED sets endsAt. Firing alerts are posted again every "
                + "refresh interval, so they survive a restart of Alertmanager.",
            "A target that fails is retried with exponential backoff. Offsets are committed once every target "
                + "took a record, so a restart sends nothing twice that was delivered, and sends again what "
                + "was not. The webhook body and its Idempotency-Key header carry a delivery id that stays "
                + "the same across retries and restarts."})
public final class AlertForwarderCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Option(names = "--alertmanager-url", paramLabel = "URL",
            description = "Alertmanager, e.g. http://127.0.0.1:9093 (alerts.forward.alertmanager.url).")
    String alertmanagerUrl;

    @Option(names = "--webhook-url", paramLabel = "URL",
            description = "A URL that gets every state change as JSON (alerts.forward.webhook.url).")
    String webhookUrl;

    @Option(names = "--group-id", paramLabel = "ID",
            description = "Kafka consumer group whose offsets record what was delivered (alerts.forward.group.id).")
    String groupId;

    @Option(names = "--alerts-topic", paramLabel = "TOPIC", description = "The alerts to forward (topics.alerts).")
    String alertsTopic;

    @Spec
    void listSettings(CommandSpec spec) {
        List<String> footer = new ArrayList<>(List.of("", "Settings (key = default), also in the --config file or as",
                "FLOWPULSE_<KEY> environment variables with dots and dashes as underscores:"));
        AlertForwarderSettings.DEFAULTS.forEach((key, value) -> footer.add("  " + key + " = " + value));
        footer.add("  kafka.<any consumer setting>, e.g. kafka.security.protocol");
        footer.add("");
        footer.add("Exit codes: 0 stopped, 1 failure, 2 usage (no target, a malformed setting).");
        spec.usageMessage().footer(footer.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        AlertForwarderSettings settings;
        try {
            settings = AlertForwarderSettings.from(service.load(AlertForwarderSettings.DEFAULTS, overrides()));
        } catch (Config.ConfigException | IllegalArgumentException e) {
            System.err.println("flowpulse alert-forwarder: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        AlertForwarderService forwarder = new AlertForwarderService(settings, AlertForwarderClients.create(settings),
                Metrics.newRegistry("alert-forwarder"));
        return new ServiceRunner("flowpulse alert-forwarder")
                .add(forwarder, settings.httpHost(), settings.httpPort(), url -> System.err.printf(
                        "flowpulse alert-forwarder: %s -> %s (metrics on %s/metrics)%n", settings.alertsTopic(),
                        targets(settings), url))
                .whenDone(code -> {
                    if (code == ExitCodes.OK || code == ExitCodes.INTERRUPTED) {
                        System.err.printf("flowpulse alert-forwarder: stopped after %.0f records%n",
                                forwarder.forwarderMetrics().recordCount());
                    }
                })
                .run();
    }

    private static String targets(AlertForwarderSettings settings) {
        List<String> out = new ArrayList<>();
        if (!settings.alertmanagerUrl().isEmpty()) {
            out.add("Alertmanager " + settings.alertmanagerUrl());
        }
        if (!settings.webhookUrl().isEmpty()) {
            out.add("webhook " + settings.webhookUrl().replaceFirst("\\?.*$", "?..."));
        }
        return String.join(" and ", out);
    }

    private Map<String, String> overrides() {
        Map<String, String> map = new HashMap<>();
        put(map, AlertForwarderSettings.ALERTMANAGER_URL, alertmanagerUrl);
        put(map, AlertForwarderSettings.WEBHOOK_URL, webhookUrl);
        put(map, AlertForwarderSettings.GROUP_ID, groupId);
        put(map, "topics.alerts", alertsTopic);
        return map;
    }

    private static void put(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
