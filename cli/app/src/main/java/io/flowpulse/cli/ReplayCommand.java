package io.flowpulse.cli;

import io.flowpulse.runtime.Durations;
import io.flowpulse.sink.ClickHouseSink;
import io.flowpulse.sink.SinkMetrics;
import io.flowpulse.sink.SinkService;
import io.flowpulse.sink.SinkSettings;
import io.flowpulse.sink.clickhouse.ClickHouseException;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.schemas.registry.SchemaRegistryException;
import io.flowpulse.replay.KafkaUnavailableException;
import io.flowpulse.replay.Replay;
import io.flowpulse.replay.ReplayException;
import io.flowpulse.replay.ReplayResult;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.replay.ReplayTopics;
import io.flowpulse.replay.report.ReplayReport;
import io.flowpulse.replay.report.ReportFormats;
import io.flowpulse.replay.report.ReportInput;
import io.flowpulse.replay.report.ReportJsonWriter;
import io.flowpulse.replay.report.html.HtmlReportWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flowpulse replay}: capture files through the analytics, offline, into a report. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Replay Hubble capture files through the live pipeline's analytics into a report.",
            "The report (JSON, optionally HTML) has link health, DNS health, path latency and the alerts",
            "that would have fired.",
            "Without --bootstrap-servers a local Kafka and schema registry run for the replay.",
            "On a shared cluster the replay's topics are named replay.<run-id>.*, never the live",
            "ones, and are deleted at the end unless --keep-topics is given.",
            "Invalid capture lines are counted in the report and sent to the replay's dead-letter topic."},
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
            description = "Run on this Kafka cluster instead of a local one (needs --schema-registry-url).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-API schema registry of that cluster.")
    String registryUrl;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions of the replay's flows topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "60s",
            description = "Tumbling window size (default ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "10s",
            description = "Grace period of windows (default ${DEFAULT-VALUE}).")
    String grace;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "Longest wait for the analytics after the input is read (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--run-id", paramLabel = "ID", description = "Names the replay's topics; default: time and random.")
    String runId;

    @Option(names = "--keep-topics", description = "Leave the replay's topics on the cluster after the run.")
    boolean keepTopics;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        if ((bootstrapServers == null) != (registryUrl == null)) {
            err.println("flowpulse replay: --bootstrap-servers and --schema-registry-url go together");
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
        LocalStack stack = null;
        try {
            String kafka = bootstrapServers;
            String registry = registryUrl;
            if (kafka == null) {
                err.println("flowpulse replay: no --bootstrap-servers given; starting a local Kafka and schema registry");
                stack = LocalStack.create(Files.createTempDirectory("flowpulse-replay-stack-"));
                stack.startKafkaAndRegistry();
                kafka = stack.kafka().bootstrapServers();
                registry = stack.registry().url();
            }
            ReplaySettings settings = new ReplaySettings(inputs, topology, kafka, registry, id, partitions, 2,
                    duration("--window", window), duration("--grace", grace), duration("--timeout", timeout),
                    keepTopics || stack != null, new Properties());
            return replay(settings, err);
        } catch (IllegalArgumentException e) {
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

    private int replay(ReplaySettings settings, PrintStream err) throws IOException {
        ReplayResult result;
        CountDownLatch finished = new CountDownLatch(1);
        try (Replay replay = new Replay(settings, err)) {
            // on Ctrl-C: ask the replay to stop and give it time to stop the topology and delete its topics
            Thread hook = new Thread(() -> {
                replay.stop();
                try {
                    finished.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "replay-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                result = replay.run();
                new ReportJsonWriter().write(result.report(), report);
                if (html != null) {
                    new HtmlReportWriter().write(result.report(), html);
                }
                printSummary(result, err);
                if (clickHouseUrl != null && !loadIntoClickHouse(settings, replay.topics(), err)) {
                    return ExitCodes.FAILURE;
                }
            } catch (InterruptedException e) {
                err.println("flowpulse replay: stopped before the end; no report written");
                return ExitCodes.INTERRUPTED;
            } catch (NoSuchFileException | AccessDeniedException e) {
                err.println("flowpulse replay: cannot read " + e.getFile());
                return ExitCodes.INPUT;
            } catch (KafkaUnavailableException | SchemaRegistryException e) {
                err.println("flowpulse replay: unavailable: " + e.getMessage());
                return ExitCodes.UNAVAILABLE;
            } catch (ReplayException e) {
                err.println("flowpulse replay: " + e.getMessage());
                return ExitCodes.FAILURE;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: the replay is being stopped
                }
            }
        } finally {
            finished.countDown();
        }
        if (result.unreadableFiles() > 0) {
            err.println("flowpulse replay: " + result.unreadableFiles()
                    + " file(s) could not be read to their end; the report covers what was read");
            return ExitCodes.INPUT;
        }
        return result.complete() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private void printSummary(ReplayResult result, PrintStream err) {
        ReplayReport r = result.report();
        ReportInput in = r.input();
        long firing = r.alerts().stream().filter(a -> "FIRING".equals(a.getState())).count();
        err.printf("flowpulse replay: done in %.1f s%n", result.seconds());
        err.printf("  input: %d file(s), %,d records (%,d flows, %,d lost-events records), %,d invalid, %,d late%n",
                in.files().size(), in.records(), in.flows(), in.lostEvents(), in.invalid(), in.late());
        if (in.firstTime() != null) {
            err.printf("  event time: %s .. %s%n", ReportFormats.eventTime(in.firstTime()),
                    ReportFormats.eventTime(in.lastTime()));
        }
        err.printf("  results: %,d link, %,d DNS, %,d latency windows; %,d alerts fired, %,d alert changes%n",
                r.links().size(), r.dns().size(), r.latency().size(), firing, r.alerts().size());
        if (result.unpublished() > 0) {
            err.printf("  %,d records could not be published (see the dead-letter topic)%n", result.unpublished());
        }
        if (result.analyticsDeadLetters() > 0) {
            err.printf("  %,d records could not be analysed (see the dead-letter topic)%n",
                    result.analyticsDeadLetters());
        }
        err.printf("  report: %s%s%n", report, html == null ? "" : ", " + html);
    }

    /** Loads the replay's result topics into ClickHouse with the sink; false when it could not. */
    private boolean loadIntoClickHouse(ReplaySettings settings, ReplayTopics topics, PrintStream err) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("kafka.bootstrap.servers", settings.bootstrapServers());
        overrides.put("schema.registry.url", settings.registryUrl());
        overrides.put("topics.links", topics.links());
        overrides.put("topics.dns", topics.dns());
        overrides.put("topics.latency", topics.latency());
        overrides.put("topics.alerts", topics.alerts());
        overrides.put("topics.flows", topics.flows());
        overrides.put("topics.dlq", topics.dlq());
        overrides.put("clickhouse.url", clickHouseUrl);
        overrides.put("clickhouse.database", clickHouseDatabase);
        overrides.put("sink.group.id", topics.applicationId() + "-sink");
        overrides.put("sink.retention.days", "0");
        SinkSettings sinkSettings = SinkSettings.of(overrides);
        err.printf("flowpulse replay: loading the results into %s database %s%n", clickHouseUrl, clickHouseDatabase);
        try (ClickHouseSink sink = new ClickHouseSink(sinkSettings, SinkService.avroValues(settings.registryUrl()),
                new SinkMetrics(new SimpleMeterRegistry()))) {
            sink.prepare(Duration.ofSeconds(60));
            if (!sink.runUntilCaughtUp(Duration.ofMinutes(10))) {
                err.println("flowpulse replay: ClickHouse did not take all results within 10 minutes");
                return false;
            }
            err.printf("flowpulse replay: %,d result records loaded into ClickHouse%n", sink.recordsHandled());
            return true;
        } catch (ClickHouseException e) {
            err.println("flowpulse replay: ClickHouse unavailable: " + e.getMessage());
            return false;
        }
    }

    private static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration such as 30s or 2m");
        }
    }
}
