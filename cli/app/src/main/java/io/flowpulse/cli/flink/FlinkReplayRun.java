package io.flowpulse.cli.flink;

import io.flowpulse.cli.replay.ReplayRun.ResultsLoader;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.CommonSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code flowpulse replay --engine flink}: the replay through the Flink job in the engine's child JVM
 * ({@code io.flowpulse.flink.cli.FlinkReplayMain}), which writes the report and prints the summary of
 * the Kafka Streams replay; then the ClickHouse load, here, when asked for.
 */
public final class FlinkReplayRun extends FlinkEngineRun {

    private final ReplaySettings settings;
    private final ResultsLoader loader;

    /** {@code html} and {@code loader} may be null. */
    public FlinkReplayRun(ReplaySettings settings, Config config, Path report, Path html, ResultsLoader loader,
                          PrintStream err) {
        super("replay", FlinkProcess.REPLAY_MAIN, childSettings(settings, config), args(settings, report, html,
                loader != null), err);
        this.settings = settings;
        this.loader = loader;
    }

    @Override
    protected void work() throws Exception {
        super.work();
        if (loader != null) {
            try {
                loader.load(settings, settings.topics());
            } finally {
                if (!settings.keepTopics()) {
                    deleteTopics();
                }
            }
        }
    }

    /** The command's settings with the Kafka connection and registry the replay runs on. */
    static Map<String, String> childSettings(ReplaySettings settings, Config config) {
        Map<String, String> map = new TreeMap<>();
        config.asMap().forEach((k, v) -> {
            if (!k.startsWith("kafka.")) {
                map.put(k, v);
            }
        });
        settings.kafkaOverrides().forEach((k, v) -> map.put("kafka." + k, v.toString()));
        map.put(CommonSettings.BOOTSTRAP_SERVERS, settings.bootstrapServers());
        map.put(CommonSettings.REGISTRY_URL, settings.registryUrl());
        return map;
    }

    static List<String> args(ReplaySettings settings, Path report, Path html, boolean loadAfterwards) {
        List<String> args = new ArrayList<>();
        settings.inputs().forEach(input -> args.addAll(List.of("--input", input.toString())));
        if (settings.topologyFile() != null) {
            args.addAll(List.of("--topology", settings.topologyFile().toString()));
        }
        args.addAll(List.of("--run-id", settings.runId(), "--report", report.toString()));
        if (html != null) {
            args.addAll(List.of("--html", html.toString()));
        }
        // the results are loaded from the topics after the child has ended
        if (settings.keepTopics() || loadAfterwards) {
            args.add("--keep-topics");
        }
        return args;
    }

    private void deleteTopics() throws Exception {
        Properties props = new Properties();
        props.putAll(settings.kafkaOverrides());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.deleteTopics(settings.topics().all()).all().get(60, TimeUnit.SECONDS);
        }
    }
}
