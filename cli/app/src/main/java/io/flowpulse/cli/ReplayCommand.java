package io.flowpulse.cli;

import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.Durations;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.runtime.service.ExitCodes;
import io.flowpulse.runtime.service.Service;
import io.flowpulse.runtime.service.ServiceRunner;
import io.flowpulse.cli.flink.Engine;
import io.flowpulse.cli.flink.FlinkReplayRun;
import io.flowpulse.cli.replay.ClickHouseResultsLoader;
import io.flowpulse.cli.replay.ReplayRun;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.replay.InProcessReplay;
import io.flowpulse.replay.Replay;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.replay.ReplayTopics;
import io.flowpulse.streams.app.StreamsSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowpulse replay}: capture files through the analytics, offline, into a report. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Replay Hubble capture files through the live pipeline's analytics into a report",
            "(JSON, optionally HTML): link health, DNS health, path latency and the alerts",
            "that would have fired.",
            "",
            "By default the analytics run in this process on the streams topology's own",
            "processors, the capture parsed on several threads, no broker. Invalid capture",
            "lines are counted in the report and written to a dead-letter file.",
            "",
            "--through-kafka runs it as the live pipeline runs: ingest publishes the capture",
            "to Kafka and the streams topology consumes it; without --bootstrap-servers a",
            "local Kafka and schema registry run for it. --bootstrap-servers, --clickhouse,",
            "--keep-topics and --engine flink imply it. On a shared cluster the replay's",
            "topics are named replay.<run-id>.*, never the live ones, and are deleted at the",
            "end unless --keep-topics is given; invalid lines go to the replay's dead-letter",
            "topic.",
            "",
            "Window, grace, alert thresholds and kafka.* client settings are read as",
            "flowpulse streams reads them: with the live service's settings file (--config)",
            "a replay raises the alerts the service would.",
            "--engine flink runs the analytics as the Flink job (a local Flink mini-cluster",
            "in a child JVM) instead of Kafka Streams; same steps, same report format.",
            ""},
        footer = {"", "Exit codes: 0 the whole input was analysed, 1 failure, 2 usage, 3 Kafka or the registry",
            "unavailable, 4 an input could not be read, 130 interrupted."})
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--input", paramLabel = "FILE", required = true, arity = "1..*",
            description = "Capture file (hubble observe -o json, exporter file, .gz) or directory of rotated files; "
                    + "repeatable, read in the order given.")
    List<Path> inputs;

    @Option(names = "--topology", paramLabel = "FILE",
            description = "Node inventory YAML (subnets, nodes, addresses, pod CIDRs) to name nodes and subnets.")
    Path topology;

    @Option(names = "--report", paramLabel = "FILE", required = true, description = "Where to write the JSON report.")
    Path report;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report here.")
    Path html;

    @Option(names = "--clickhouse", paramLabel = "URL",
            description = "Also load the results into ClickHouse (HTTP interface), database --clickhouse-database.")
    String clickHouseUrl;

    @Option(names = "--clickhouse-database", paramLabel = "NAME", defaultValue = "flowpulse_replay",
            description = "ClickHouse database of replayed results (default ${DEFAULT-VALUE}); kept apart from the "
                    + "live one because replayed data is old and must not fall under its retention.")
    String clickHouseDatabase;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Run on this Kafka cluster instead of a local one (kafka.bootstrap.servers; needs "
                    + "--schema-registry-url).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-API schema registry of that cluster (schema.registry.url).")
    String registryUrl;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of the replay's flows topic (" + ReplaySettings.PARTITIONS + ").")
    Integer partitions;

    @Option(names = "--window", paramLabel = "DURATION",
            description = "Tumbling window size, whole seconds (" + StreamsSettings.WINDOW_SECONDS + ").")
    String window;

    @Option(names = "--grace", paramLabel = "DURATION",
            description = "Grace period of windows, whole seconds (" + StreamsSettings.GRACE_SECONDS + ").")
    String grace;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Longest wait for the analytics after the input is read (" + ReplaySettings.TIMEOUT + ").")
    String timeout;

    @Option(names = "--run-id", paramLabel = "ID", description = "Names the replay's topics; default: time and random.")
    String runId;

    @Option(names = "--keep-topics", description = "Leave the replay's topics on the cluster after the run.")
    boolean keepTopics;

    @Option(names = "--through-kafka",
            description = "Publish the capture to Kafka and analyse it with the streams topology as a service "
                    + "(default: the same analytics in this process, without a broker).")
    boolean throughKafka;

    @Option(names = "--dead-letters", paramLabel = "FILE",
            description = "In process: where invalid lines go, one JSON object per line with the reason, file and "
                    + "line (default: <report>.dead-letters.jsonl beside the report; written only when there is one).")
    Path deadLetters;

    @Option(names = "--parser-threads", paramLabel = "N",
            description = "In process: threads parsing the capture (" + ReplaySettings.PARSER_THREADS + ").")
    Integer parserThreads;

    @Option(names = "--engine", paramLabel = "streams|flink",
            description = "Analytics engine (engine): streams, the Kafka Streams topology as flowpulse streams runs "
                    + "it (default), or flink, the same analytics as an Apache Flink job on a local mini-cluster "
                    + "in a child JVM of its own (it needs its own Kafka client version).")
    String engine;

    @Mixin
    ConfigOptions options;

    @Spec
    void listSettings(CommandSpec spec) {
        List<String> footer = new ArrayList<>(List.of("",
                "Settings (key = default), also in the --config file, as FLOWPULSE_<KEY>",
                "environment variables or with --set; the analytics ones are those of",
                "flowpulse streams, read the same way:"));
        CommonSettings.join(ReplaySettings.DEFAULTS, Engine.DEFAULTS)
                .forEach((key, value) -> footer.add("  " + key + " = " + value));
        footer.add("  kafka.<any client setting>, e.g. kafka.security.protocol");
        footer.addAll(List.of(spec.usageMessage().footer()));
        spec.usageMessage().footer(footer.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        PrintStream err = System.err;
        Config config;
        try {
            config = options.load(CommonSettings.join(ReplaySettings.DEFAULTS, Engine.DEFAULTS), overrides());
            ReplaySettings.check(config);
            Engine.of(config);
        } catch (Config.ConfigException | IllegalArgumentException e) {
            err.println("flowpulse replay: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Optional<String> cluster = config.optional(CommonSettings.BOOTSTRAP_SERVERS);
        Optional<String> clusterRegistry = config.optional(CommonSettings.REGISTRY_URL);
        if (cluster.isPresent() != clusterRegistry.isPresent()) {
            err.println("flowpulse replay: --bootstrap-servers and --schema-registry-url (kafka.bootstrap.servers and "
                    + "schema.registry.url) go together");
            return ExitCodes.USAGE;
        }
        try {
            Replay.readableFiles(inputs);
            if (topology != null && !Files.isReadable(topology)) {
                throw new NoSuchFileException(topology.toString(), null, "topology file missing or not readable");
            }
        } catch (NoSuchFileException | AccessDeniedException e) {
            err.println("flowpulse replay: cannot read " + e.getFile()
                    + (e.getReason() == null ? "" : ": " + e.getReason()));
            return ExitCodes.INPUT;
        } catch (IOException e) {
            err.println("flowpulse replay: cannot read the input: " + e.getMessage());
            return ExitCodes.INPUT;
        }
        String id = runId != null ? runId : ReplayTopics.newRunId(Instant.now());
        if (!throughKafka && cluster.isEmpty() && clickHouseUrl == null && !keepTopics
                && Engine.of(config) != Engine.FLINK) {
            return replayInProcess(ReplaySettings.inProcess(config, inputs, topology, id), config, err);
        }
        LocalStack stack = null;
        try {
            KafkaClientProperties kafka;
            String registry;
            if (cluster.isPresent()) {
                kafka = KafkaClientProperties.from(config);
                registry = clusterRegistry.get();
            } else {
                err.println("flowpulse replay: no --bootstrap-servers given; starting a local Kafka and schema registry");
                stack = LocalStack.create(Files.createTempDirectory("flowpulse-replay-stack-"));
                stack.startKafkaAndRegistry();
                kafka = KafkaClientProperties.of(stack.kafka().bootstrapServers(),
                        config.withPrefix(KafkaClientProperties.PREFIX));
                registry = stack.registry().url();
            }
            ReplaySettings settings = ReplaySettings.from(config, inputs, topology, kafka, registry, id,
                    keepTopics || stack != null);
            return replay(settings, config, err);
        } catch (Config.ConfigException | IllegalArgumentException e) {
            err.println("flowpulse replay: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("flowpulse replay: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    /** The options as settings; durations are checked here so that the message names the option. */
    private Map<String, String> overrides() {
        Map<String, String> map = new HashMap<>();
        ConfigOptions.put(map, CommonSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        ConfigOptions.put(map, CommonSettings.REGISTRY_URL, registryUrl);
        ConfigOptions.put(map, ReplaySettings.PARTITIONS, partitions);
        ConfigOptions.put(map, ReplaySettings.PARSER_THREADS, parserThreads);
        ConfigOptions.put(map, Engine.KEY, engine);
        if (window != null) {
            map.put(StreamsSettings.WINDOW_SECONDS, Long.toString(wholeSeconds("--window", window)));
        }
        if (grace != null) {
            map.put(StreamsSettings.GRACE_SECONDS, Long.toString(wholeSeconds("--grace", grace)));
        }
        if (timeout != null) {
            duration("--timeout", timeout);
            map.put(ReplaySettings.TIMEOUT, timeout);
        }
        return map;
    }

    private static long wholeSeconds(String option, String text) {
        Duration d = duration(option, text);
        if (d.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a whole number of seconds");
        }
        return d.toSeconds();
    }

    /** The replay as the runner's one service: Ctrl-C stops it, its outcome gives the exit code. */
    private int replay(ReplaySettings settings, Config config, PrintStream err) {
        ClickHouseResultsLoader loader = clickHouseUrl == null ? null
                : new ClickHouseResultsLoader(clickHouseUrl, clickHouseDatabase, config, err);
        Service run = Engine.of(config) == Engine.FLINK
                ? new FlinkReplayRun(settings, config, report, html, loader, err)
                : new ReplayRun(settings, new Replay(settings, err), report, html, loader, err);
        return new ServiceRunner("flowpulse replay").add(run).run();
    }

    private int replayInProcess(ReplaySettings settings, Config config, PrintStream err) {
        Path deadLetterFile = deadLetters != null ? deadLetters : besideReport(".dead-letters.jsonl");
        InProcessReplay engine = new InProcessReplay(settings, ReplaySettings.parserThreads(config), deadLetterFile, err);
        return new ServiceRunner("flowpulse replay").add(new ReplayRun(settings, engine, report, html, null, err)).run();
    }

    /** The report's path with its extension replaced. */
    private Path besideReport(String suffix) {
        String name = report.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return report.resolveSibling(stem + suffix);
    }

    private static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration such as 30s or 2m");
        }
    }
}
