package io.flowpulse.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowpulse.dashboards.DashboardFiles.Dashboard;
import io.flowpulse.dashboards.DashboardFiles.PanelQuery;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.simulator.capture.CaptureWriter;
import io.flowpulse.simulator.capture.ClusterTopology;
import io.flowpulse.simulator.gen.Simulation;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.sink.ClickHouseSink;
import io.flowpulse.sink.SinkMetrics;
import io.flowpulse.sink.SinkService;
import io.flowpulse.sink.SinkSettings;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import io.flowpulse.replay.Replay;
import io.flowpulse.replay.ReplayResult;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.replay.ReplayTopics;
import io.flowpulse.replay.report.ReplayReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dashboards over what the real pipeline writes: the simulator's 20-minute fault story as a
 * capture, replayed through the Kafka Streams analytics, drained into ClickHouse by the sink.
 * The sink writes to a database of its own; the panels' {@code flowpulse.} is replaced by it.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayDashboardsIntegrationTest {

    private static final Instant START = SimulationOptions.DEFAULT_CAPTURE_START;
    private static final Duration LENGTH = Duration.ofMinutes(20);
    /** A third of the model's traffic (about 160 flows/s) still makes every fault of the story alert. */
    private static final double RATE_SCALE = 0.3;
    /** A database of its own, so that alerts still firing at the end of the story stay out of other tests. */
    private static final String DATABASE = "flowpulse_replay";

    private PanelRunner runner;
    private ReplayReport report;

    @BeforeAll
    void replayTheSimulatorStoryIntoClickHouse(LocalStack stack, @TempDir Path dir) throws Exception {
        ClusterModel model = ModelLoader.defaultModel();
        Simulation simulation = new Simulation(model, SimulationOptions.forModel(model).withDuration(LENGTH)
                .withRateScale(RATE_SCALE));
        Path capture = dir.resolve("capture.json.gz");
        Path topology = dir.resolve("topology.yaml");
        try (CaptureWriter writer = new CaptureWriter(capture)) {
            for (GetFlowsResponse event; (event = simulation.next()) != null; ) {
                writer.write(event);
            }
        }
        ClusterTopology.write(simulation.cluster(), topology);

        String bootstrap = stack.kafka().bootstrapServers();
        String registry = stack.registry().url();
        String runId = ReplayTopics.newRunId(Instant.now());
        ReplaySettings settings = new ReplaySettings(List.of(capture), topology, bootstrap, registry, runId,
                ReplaySettings.DEFAULT_FLOWS_PARTITIONS, 2, Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofMinutes(10), true, new Properties());
        ReplayTopics topics;
        try (Replay replay = new Replay(settings, System.err)) {
            ReplayResult result = replay.run();
            assertThat(result.complete()).isTrue();
            report = result.report();
            topics = replay.topics();
        }

        SinkSettings sinkSettings = SinkSettings.of(Map.ofEntries(Map.entry("kafka.bootstrap.servers", bootstrap),
                Map.entry("schema.registry.url", registry), Map.entry("clickhouse.url", stack.clickHouse().httpUrl()),
                Map.entry("topics.links", topics.links()), Map.entry("topics.dns", topics.dns()),
                Map.entry("topics.latency", topics.latency()), Map.entry("topics.alerts", topics.alerts()),
                Map.entry("topics.flows", topics.flows()), Map.entry("topics.dlq", topics.dlq()),
                Map.entry("sink.group.id", "dashboards-" + runId), Map.entry("sink.retention.days", "0"),
                Map.entry("clickhouse.database", DATABASE)));
        try (ClickHouseSink sink = new ClickHouseSink(sinkSettings, SinkService.avroValues(registry), SinkMetrics.noop())) {
            sink.prepare(Duration.ofMinutes(1));
            assertThat(sink.runUntilCaughtUp(Duration.ofMinutes(5))).as("sink drained the replay's topics").isTrue();
        }
        runner = new PanelRunner(stack.clickHouse(), new QueryExpander(START, START.plus(LENGTH), 60), DATABASE);
    }

    static Stream<Dashboard> dashboards() {
        return DashboardFiles.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void everyPanelShowsTheReplayAtEveryLevel(Dashboard d) {
        for (String level : runner.options(d, "level", runner.resolve(d, Map.of()))) {
            Map<String, List<String>> vars = runner.resolve(d, Map.of("level", List.of(level)));
            for (PanelQuery q : d.queries()) {
                assertThat(runner.run(d, q, vars)).as("%s / %s at level %s", d.title(), q, level).isNotEmpty();
            }
        }
    }

    @Test
    void linkTotalsPerLevelAreTheReplayReportsTotals() {
        Dashboard link = DashboardFiles.all().stream().filter(d -> d.uid().equals("flowpulse-link-health")).findFirst()
                .orElseThrow();
        for (String level : List.of("workload", "node", "subnet")) {
            JsonNode row = runner.run(link, link.query("Traffic and drops"), runner.resolve(link,
                    Map.of("level", List.of(level)))).get(0);
            List<LinkWindow> windows = report.links().stream().filter(l -> l.getLevel().equals(level)).toList();
            assertThat(row.path("forwards").asLong()).as("forwarded at %s", level)
                    .isEqualTo(windows.stream().mapToLong(LinkWindow::getForwarded).sum());
            assertThat(row.path("drops").asLong()).as("dropped at %s", level)
                    .isEqualTo(windows.stream().mapToLong(LinkWindow::getDropped).sum()).isPositive();
        }
    }

    @Test
    void dnsTotalsAreTheReplayReportsTotals() {
        Dashboard dns = DashboardFiles.all().stream().filter(d -> d.uid().equals("flowpulse-dns-health")).findFirst()
                .orElseThrow();
        JsonNode row = runner.run(dns, dns.query("DNS totals"), runner.resolve(dns, Map.of())).get(0);
        assertThat(row.path("total_queries").asLong())
                .isEqualTo(report.dns().stream().mapToLong(DnsWindow::getQueries).sum());
        assertThat(row.path("total_responses").asLong())
                .isEqualTo(report.dns().stream().mapToLong(DnsWindow::getResponses).sum());
    }

    @Test
    void alertTablesListTheStorysAlertsOfTheirKinds() {
        Map<String, Set<String>> shown = new TreeMap<>();
        for (Dashboard d : DashboardFiles.all()) {
            Map<String, List<String>> vars = runner.resolve(d, Map.of());
            if (d.uid().equals("flowpulse-link-health")) {
                vars = runner.resolve(d, Map.of("level", List.of("subnet")));
            }
            PanelQuery changes = d.queries().stream().filter(q -> q.panelTitle().endsWith("alerts: state changes"))
                    .findFirst().orElseThrow();
            shown.put(d.uid(), runner.run(d, changes, vars).stream().map(r -> r.path("kind").asText())
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        Set<String> reported = report.alerts().stream().map(Alert::getKind).collect(Collectors.toCollection(TreeSet::new));
        assertThat(shown.get("flowpulse-link-health")).containsExactly("LINK_DROP_RATE");
        assertThat(shown.get("flowpulse-dns-health")).isNotEmpty().allSatisfy(k -> assertThat(k).startsWith("DNS_"))
                .isEqualTo(reported.stream().filter(k -> k.startsWith("DNS_")).collect(Collectors.toCollection(TreeSet::new)));
        assertThat(shown.get("flowpulse-xsubnet-latency")).isNotEmpty()
                .isSubsetOf("XSUBNET_LATENCY", "XSUBNET_JITTER")
                .isEqualTo(reported.stream().filter(k -> k.startsWith("XSUBNET_")).collect(Collectors.toCollection(TreeSet::new)));
    }
}
