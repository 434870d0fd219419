package io.flowpulse.cli;

import io.flowpulse.cli.flink.Engine;
import io.flowpulse.cli.flink.FlinkEngineRun;
import io.flowpulse.cli.flink.FlinkProcess;
import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.service.ExitCodes;
import io.flowpulse.runtime.service.ServiceRunner;
import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.streams.app.StreamsSettings;
import java.nio.file.Path;
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

/** {@code flowpulse streams}: the Kafka Streams analytics (links, DNS, latency, alerts). */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = {"Run the analytics on hubble.flows.v1: link health, DNS health and path latency per "
                + "tumbling window (flowpulse.links.v1, flowpulse.dns.v1, flowpulse.latency.v1) and alerts "
                + "(flowpulse.alerts.v1). Runs until stopped.",
            "Exactly-once. A window closes when every flows partition has passed window end + grace, so a fast "
                + "replay counts no record late. A replay ends with an end marker on every flows partition "
                + "(key __flowpulse_end__, no value), which closes all windows.",
            "Records that cannot be read or processed go to flowpulse.dlq.v1 with reason and origin headers.",
            "--engine flink runs the same analytics, on the same topics, as an Apache Flink job on a local "
                + "mini-cluster in a child JVM (flink.* settings, see flink/README.md); Kafka Streams-only "
                + "options (application id, standby replicas, threads, state dir) and the HTTP endpoint do not "
                + "apply to it. Stopping it (Ctrl-C) stops the job with a savepoint into flink.checkpoint.dir "
                + "when that is set, else cancels it; exit code 130."})
public final class StreamsCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Option(names = "--engine", paramLabel = "streams|flink",
            description = "Analytics engine (engine): streams, Kafka Streams (default), or flink, the Flink job on a "
                    + "local mini-cluster in a child JVM of its own (it needs its own Kafka client version).")
    String engine;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id: consumer group, state and internal topic prefix (streams.application.id).")
    String applicationId;

    @Option(names = "--flows-topic", paramLabel = "TOPIC", description = "Input flows (topics.flows).")
    String flowsTopic;

    @Option(names = "--nodes-topic", paramLabel = "TOPIC", description = "Node inventory, compacted (topics.nodes).")
    String nodesTopic;

    @Option(names = "--links-topic", paramLabel = "TOPIC", description = "Link windows output (topics.links).")
    String linksTopic;

    @Option(names = "--dns-topic", paramLabel = "TOPIC", description = "DNS windows output (topics.dns).")
    String dnsTopic;

    @Option(names = "--latency-topic", paramLabel = "TOPIC", description = "Latency windows output (topics.latency).")
    String latencyTopic;

    @Option(names = "--alerts-topic", paramLabel = "TOPIC", description = "Alerts output (topics.alerts).")
    String alertsTopic;

    @Option(names = "--dlq-topic", paramLabel = "TOPIC", description = "Dead-letter topic (topics.dlq).")
    String dlqTopic;

    @Option(names = "--window-seconds", paramLabel = "N", description = "Tumbling window size (streams.window.seconds).")
    Long windowSeconds;

    @Option(names = "--grace-seconds", paramLabel = "N",
            description = "How long after its end a window still accepts records (streams.grace.seconds).")
    Long graceSeconds;

    @Option(names = "--standby-replicas", paramLabel = "N",
            description = "Warm copies of each state store on other instances (streams.num.standby.replicas).")
    Integer standbyReplicas;

    @Option(names = "--stream-threads", paramLabel = "N", description = "Processing threads (streams.num.stream.threads).")
    Integer streamThreads;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "RocksDB state directory (streams.state.dir).")
    Path stateDir;

    @Option(names = "--topology", paramLabel = "FILE",
            description = "Offline node inventory (YAML: subnets -> nodes with addresses and podCIDRs); nodes on the "
                    + "inventory topic override it (streams.topology.file).")
    Path topologyFile;

    @Spec
    void listSettings(CommandSpec spec) {
        List<String> footer = new ArrayList<>(List.of("", "Settings (key = default), also in the --config file or as",
                "FLOWPULSE_<KEY> environment variables with dots and dashes as underscores:"));
        StreamsSettings.DEFAULTS.forEach((key, value) -> footer.add("  " + key + " = " + value));
        footer.add("  kafka.<any Kafka Streams, consumer or producer setting>, e.g. kafka.commit.interval.ms");
        spec.usageMessage().footer(footer.toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        StreamsSettings streamsSettings;
        try {
            Config config = service.load(CommonSettings.join(StreamsSettings.DEFAULTS, Engine.DEFAULTS), overrides());
            if (Engine.of(config) == Engine.FLINK) {
                // the child checks the flink.* settings and reports a wrong one with exit code 2
                return new ServiceRunner("flowpulse streams").add(new FlinkEngineRun("streams (flink)",
                        FlinkProcess.STREAMS_MAIN, config.asMap(), List.of(), System.err)).run();
            }
            streamsSettings = StreamsSettings.from(config);
        } catch (Config.ConfigException | IllegalArgumentException e) {
            System.err.println("flowpulse streams: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        StreamsSettings settings = streamsSettings;
        return new ServiceRunner("flowpulse streams")
                .add(new StreamsApp(settings), settings.httpHost(), settings.httpPort(), url -> System.err.printf(
                        "flowpulse streams: %s -> %s, %s, %s, %s (metrics on %s/metrics)%n", settings.flowsTopic(),
                        settings.linksTopic(), settings.dnsTopic(), settings.latencyTopic(), settings.alertsTopic(), url))
                .run();
    }

    private Map<String, String> overrides() {
        Map<String, String> map = new HashMap<>();
        put(map, Engine.KEY, engine);
        put(map, "streams.application.id", applicationId);
        put(map, "topics.flows", flowsTopic);
        put(map, "topics.nodes", nodesTopic);
        put(map, "topics.links", linksTopic);
        put(map, "topics.dns", dnsTopic);
        put(map, "topics.latency", latencyTopic);
        put(map, "topics.alerts", alertsTopic);
        put(map, "topics.dlq", dlqTopic);
        put(map, "streams.window.seconds", windowSeconds);
        put(map, "streams.grace.seconds", graceSeconds);
        put(map, "streams.num.standby.replicas", standbyReplicas);
        put(map, "streams.num.stream.threads", streamThreads);
        put(map, "streams.state.dir", stateDir);
        put(map, "streams.topology.file", topologyFile);
        return map;
    }

    private static void put(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
