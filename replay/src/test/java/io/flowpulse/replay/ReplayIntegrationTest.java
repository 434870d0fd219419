package io.flowpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowpulse.schemas.DeadLetters;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import io.flowpulse.replay.report.ReportJsonWriter;
import io.flowpulse.replay.report.html.HtmlReportWriter;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalStackExtension.class)
class ReplayIntegrationTest {

    /** In event-time order, as a replay of an in-order capture must see them. */
    private static final List<String> CAPTURES = List.of("basic-sample-10-flows.json",
            "basic-sample-330-dns-flows.json", "basic-sample-348-http-flows.json", "basic-sample-400-tcp-flows.json",
            "basic-sample-400-udp-flows.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reportsWhatTheRecordedCapturesHold(LocalStack stack, @TempDir Path dir) throws Exception {
        List<Path> inputs = new ArrayList<>();
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "this is not json\n\n{\"flow\": {\"time\"\n");
        inputs.add(broken);
        ExpectedAnalytics expected = new ExpectedAnalytics();
        expected.addFile(broken);
        for (String capture : CAPTURES) {
            Path file = copyCapture(capture, dir);
            inputs.add(file);
            expected.addFile(file);
        }
        // Hubble losing events on kind-worker just after the last recorded flow
        Path lost = dir.resolve("lost.json");
        Files.writeString(lost, "{\"lost_events\":{\"source\":\"PERF_EVENT_RING_BUFFER\",\"num_events_lost\":\"3\","
                + "\"cpu\":1},\"node_name\":\"kind-worker\",\"time\":\"2021-11-10T10:41:02.500Z\"}\n");
        inputs.add(lost);
        expected.addFile(lost);
        String runId = ReplayTopics.newRunId(Instant.now());
        ReplaySettings settings = settings(inputs, null, stack.kafka().bootstrapServers(),
                stack.registry().url(), runId);
        Path reportFile = dir.resolve("report.json");
        List<ConsumerRecord<byte[], byte[]>> deadLetters;
        ReplayResult result;
        try (Replay replay = new Replay(settings, System.err)) {
            result = replay.run();
            new ReportJsonWriter().write(result.report(), reportFile);
            new HtmlReportWriter().write(result.report(), dir.resolve("report.html"));
            deadLetters = readAll(stack.kafka().bootstrapServers(), replay.topics().dlq());
        }
        JsonNode report = JSON.readTree(reportFile.toFile());
        Path deadLetterFile = dir.resolve("dead-letters.jsonl");
        assertSameReportInProcess(settings, reportFile, deadLetterFile);
        List<JsonNode> inProcessDeadLetters = new ArrayList<>();
        for (String line : Files.readAllLines(deadLetterFile)) {
            inProcessDeadLetters.add(JSON.readTree(line));
        }
        assertThat(inProcessDeadLetters).extracting(d -> d.get(DeadLetters.ORIGIN_FILE).asText() + ":"
                        + d.get(DeadLetters.ORIGIN_LINE).asLong() + " " + d.get(DeadLetters.STAGE).asText())
                .containsExactly(broken + ":1 ingest", broken + ":3 ingest");
        assertThat(inProcessDeadLetters.get(0).get("value").asText()).isEqualTo("this is not json");
        assertThat(inProcessDeadLetters.get(1).get(DeadLetters.REASON).asText()).startsWith("not a Hubble event");

        assertThat(result.complete()).isTrue();
        assertThat(expected.invalid).isEqualTo(2);
        JsonNode input = report.get("input");
        List<String> files = new ArrayList<>();
        input.get("files").forEach(f -> files.add(f.asText()));
        assertThat(files).containsExactlyElementsOf(inputs.stream().map(Path::toString).toList());
        assertThat(input.get("records").asLong()).isEqualTo(expected.events).isEqualTo(1489);
        assertThat(expected.lostEvents).isEqualTo(1);
        assertThat(input.get("flows").asLong()).isEqualTo(expected.flows);
        assertThat(input.get("lost_events").asLong()).isEqualTo(expected.lostEvents);
        assertThat(input.get("invalid").asLong()).isEqualTo(expected.invalid);
        assertThat(input.get("late").asLong()).isZero();
        assertThat(Instant.parse(input.get("first_time").asText())).isEqualTo(expected.first);
        assertThat(Instant.parse(input.get("last_time").asText())).isEqualTo(expected.last);
        assertThat(report.get("window_seconds").asLong()).isEqualTo(60);

        assertThat(deadLetters).hasSize(2);
        assertThat(header(deadLetters.get(0), DeadLetters.ORIGIN_FILE)).isEqualTo(broken.toString());
        assertThat(header(deadLetters.get(0), DeadLetters.ORIGIN_LINE)).isEqualTo("1");
        assertThat(header(deadLetters.get(1), DeadLetters.ORIGIN_LINE)).isEqualTo("3");

        assertThat(workloadLinks(report)).isEqualTo(format(expected.workloadLinks));
        for (String level : List.of("workload", "node", "subnet")) {
            assertThat(linkEventsPerWindow(report, level)).as("link events per window at level %s", level)
                    .isEqualTo(expected.linkEventsPerWindow);
        }

        assertThat(dnsFigures(report)).isEqualTo(format(expected.dns));
        for (JsonNode dns : report.get("dns")) {
            // none of the recorded DNS responses carries a latency
            assertThat(dns.get("latency_ms").isNull()).isTrue();
        }

        for (String level : List.of("node", "subnet")) {
            assertThat(l7Samples(report, level)).as("L7 latency samples at level %s", level)
                    .isEqualTo(expected.l7Samples);
            assertThat(l7Max(report, level)).as("largest L7 latency per window at level %s", level)
                    .isEqualTo(millis(expected.l7MaxNanos));
        }
        assertThat(expected.l7Samples.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(173 + 19);

        List<String> nxdomain = new ArrayList<>();
        List<String> lostEvents = new ArrayList<>();
        for (JsonNode alert : report.get("alerts")) {
            String change = alert.get("subject").asText() + "|" + alert.get("state").asText() + "|"
                    + alert.get("window_start").asText() + "|" + alert.get("value").decimalValue().toPlainString();
            if (alert.get("kind").asText().equals("DNS_NXDOMAIN_RATIO")) {
                nxdomain.add(change);
            } else if (alert.get("kind").asText().equals("LOST_EVENTS")) {
                lostEvents.add(change + "|" + alert.get("severity").asText() + "|" + alert.get("threshold").asText());
            }
        }
        assertThat(expected.nxdomainAlerts()).isNotEmpty();
        assertThat(nxdomain).isEqualTo(expected.nxdomainAlerts());
        // 3 lost events against a threshold of 1: at least twice the threshold, and still firing at the end
        assertThat(lostEvents).containsExactly("node:kind-worker|FIRING|2021-11-10T10:41:00Z|3|CRITICAL|1");

        assertSorted(report);
        assertThat(Files.readString(dir.resolve("report.html")))
                .contains("All link windows (" + report.get("links").size() + " rows)",
                        "All DNS windows (" + report.get("dns").size() + " rows)",
                        "All latency windows (" + report.get("latency").size() + " rows)");
    }

    /**
     * Many poll batches over several partitions that the topology reads at different speeds: the
     * recorded TCP capture repeated 30 times, each copy 4 s after the previous one (the recording
     * spans 3.9 s, so the whole stays in time order) and every line observed at one of six nodes.
     */
    @Test
    void countsNoRecordAsLateInALargeInOrderCaptureSpreadOverPartitions(LocalStack stack, @TempDir Path dir)
            throws Exception {
        Path capture = dir.resolve("repeated-tcp.json");
        List<String> base = Files.readAllLines(copyCapture("basic-sample-400-tcp-flows.json", dir));
        List<String> lines = new ArrayList<>();
        for (int copy = 0; copy < 30; copy++) {
            for (int i = 0; i < base.size(); i++) {
                lines.add(shifted(base.get(i), Duration.ofSeconds(4L * copy), "node-" + (i % 6)));
            }
        }
        Files.write(capture, lines);
        ExpectedAnalytics expected = new ExpectedAnalytics();
        expected.addFile(capture);
        ReplaySettings settings = settings(List.of(capture), null, stack.kafka().bootstrapServers(),
                stack.registry().url(), ReplayTopics.newRunId(Instant.now()));

        ReplayResult result;
        try (Replay replay = new Replay(settings, System.err)) {
            result = replay.run();
        }
        Path reportFile = dir.resolve("report.json");
        new ReportJsonWriter().write(result.report(), reportFile);
        JsonNode report = JSON.readTree(reportFile.toFile());
        assertSameReportInProcess(settings, reportFile, dir.resolve("dead-letters.jsonl"));

        assertThat(result.complete()).isTrue();
        assertThat(report.get("input").get("records").asLong()).isEqualTo(12_000).isEqualTo(expected.events);
        assertThat(report.get("input").get("late").asLong()).isZero();
        assertThat(expected.linkEventsPerWindow).hasSizeGreaterThan(2);
        assertThat(workloadLinks(report)).isEqualTo(format(expected.workloadLinks));
        for (String level : List.of("workload", "node", "subnet")) {
            assertThat(linkEventsPerWindow(report, level)).as("link events per window at level %s", level)
                    .isEqualTo(expected.linkEventsPerWindow);
        }
        assertThat(l7Samples(report, "node")).isEqualTo(expected.l7Samples);
    }

    /**
     * The kind cluster of the TCP and UDP recordings split into two subnets by a topology file:
     * the nodes and subnets of the report must follow the inventory (pod CIDR before address,
     * local endpoints at the observing node, reserved:world outside it as external).
     */
    @Test
    void namesNodesAndSubnetsFromTheTopologyFile(LocalStack stack, @TempDir Path dir) throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, String.join("\n",
                "subnets:",
                "  - name: lab-a",
                "    nodes:",
                "      - name: kind-control-plane",
                "        addresses: [172.19.0.2]",
                "        podCIDRs: [10.244.0.0/24]",
                "  - name: lab-b",
                "    nodes:",
                "      - name: kind-worker",
                "        addresses: [172.19.0.3]",
                "        podCIDRs: [10.244.1.0/24]",
                ""));
        ExpectedAnalytics expected = new ExpectedAnalytics()
                .node("kind-control-plane", "lab-a", "172.19.0.2", "10.244.0.0/24")
                .node("kind-worker", "lab-b", "172.19.0.3", "10.244.1.0/24");
        List<Path> inputs = new ArrayList<>();
        for (String capture : List.of("basic-sample-400-tcp-flows.json", "basic-sample-400-udp-flows.json")) {
            Path file = copyCapture(capture, dir);
            inputs.add(file);
            expected.addFile(file);
        }
        ReplaySettings settings = settings(inputs, topology, stack.kafka().bootstrapServers(),
                stack.registry().url(), ReplayTopics.newRunId(Instant.now()));

        ReplayResult result;
        try (Replay replay = new Replay(settings, System.err)) {
            result = replay.run();
        }
        Path reportFile = dir.resolve("report.json");
        new ReportJsonWriter().write(result.report(), reportFile);
        JsonNode report = JSON.readTree(reportFile.toFile());
        assertSameReportInProcess(settings, reportFile, dir.resolve("dead-letters.jsonl"));

        assertThat(result.complete()).isTrue();
        assertThat(report.get("input").get("late").asLong()).isZero();
        assertThat(expected.subnetLinks.keySet()).anyMatch(key -> key.startsWith("lab-a|lab-b|"))
                .anyMatch(key -> key.startsWith("lab-b|lab-a|"));
        assertThat(links(report, "node")).isEqualTo(format(expected.nodeLinks));
        assertThat(links(report, "subnet")).isEqualTo(format(expected.subnetLinks));
    }

    /**
     * The same input replayed in process, with the analytics in this JVM and no broker, writes the same
     * report byte for byte as the replay through Kafka did.
     */
    private static void assertSameReportInProcess(ReplaySettings settings, Path kafkaReport, Path deadLetters)
            throws Exception {
        ReplayResult inProcess = new InProcessReplay(settings.inProcess(), 2, deadLetters, System.err).run();
        Path inProcessReport = kafkaReport.resolveSibling("report-in-process.json");
        new ReportJsonWriter().write(inProcess.report(), inProcessReport);
        assertThat(inProcess.complete()).isTrue();
        assertThat(inProcess.duplicates()).isZero();
        assertThat(Files.readString(inProcessReport)).as("report of the replay in process")
                .isEqualTo(Files.readString(kafkaReport));
    }

    /** The line with every time moved by {@code by} and observed at {@code node}. */
    private static String shifted(String line, Duration by, String node) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode event =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
        com.fasterxml.jackson.databind.node.ObjectNode flow =
                (com.fasterxml.jackson.databind.node.ObjectNode) event.get("flow");
        flow.put("time", Instant.parse(flow.get("time").asText()).plus(by).toString());
        flow.put("node_name", node);
        event.put("time", Instant.parse(event.get("time").asText()).plus(by).toString());
        event.put("node_name", node);
        return JSON.writeValueAsString(event);
    }

    /** The defaults, but a timeout that fails a stuck replay within the test run. */
    private static ReplaySettings settings(List<Path> inputs, Path topology, String bootstrap, String registry,
                                           String runId) {
        ReplaySettings defaults = ReplaySettings.of(inputs, topology, bootstrap, registry, runId);
        return new ReplaySettings(defaults.inputs(), topology, bootstrap, registry, runId,
                defaults.flowsPartitions(), defaults.streamThreads(), defaults.windowSize(), defaults.grace(),
                Duration.ofMinutes(3), false, new Properties());
    }

    private static Path copyCapture(String name, Path dir) throws Exception {
        try (InputStream in = ReplayIntegrationTest.class.getResourceAsStream("/hubble-otel/" + name)) {
            assertThat(in).as("hubble-otel/%s on the test classpath", name).isNotNull();
            Path file = dir.resolve(name);
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }

    private static Map<String, String> workloadLinks(JsonNode report) {
        return links(report, "workload");
    }

    private static Map<String, String> links(JsonNode report, String level) {
        Map<String, String> links = new TreeMap<>();
        for (JsonNode link : report.get("links")) {
            if (link.get("level").asText().equals(level)) {
                String key = link.get("src").asText() + "|" + link.get("dst").asText() + "|"
                        + link.get("window_start").asText();
                links.put(key, link.get("forwarded").asLong() + "/" + link.get("dropped").asLong() + "/"
                        + link.get("other").asLong());
            }
        }
        return links;
    }

    private static Map<String, String> format(Map<String, ?> expected) {
        Map<String, String> formatted = new TreeMap<>();
        expected.forEach((key, value) -> {
            if (value instanceof long[] counts) {
                formatted.put(key, counts[0] + "/" + counts[1] + "/" + counts[2]);
            } else {
                ExpectedAnalytics.Dns dns = (ExpectedAnalytics.Dns) value;
                formatted.put(key, dns.queries + " " + dns.responses + " " + dns.rcodes + " " + dns.names.size());
            }
        });
        return formatted;
    }

    private static Map<String, Long> linkEventsPerWindow(JsonNode report, String level) {
        Map<String, Long> events = new TreeMap<>();
        for (JsonNode link : report.get("links")) {
            if (link.get("level").asText().equals(level)) {
                events.merge(link.get("window_start").asText(), link.get("forwarded").asLong()
                        + link.get("dropped").asLong() + link.get("other").asLong(), Long::sum);
            }
        }
        return events;
    }

    private static Map<String, String> dnsFigures(JsonNode report) {
        Map<String, String> figures = new TreeMap<>();
        for (JsonNode dns : report.get("dns")) {
            Map<String, Long> rcodes = new TreeMap<>();
            dns.get("rcodes").fields().forEachRemaining(e -> rcodes.put(e.getKey(), e.getValue().asLong()));
            figures.put(dns.get("client").asText() + "|" + dns.get("window_start").asText(),
                    dns.get("queries").asLong() + " " + dns.get("responses").asLong() + " " + rcodes + " "
                            + dns.get("distinct_names").asLong());
        }
        return figures;
    }

    private static Map<String, Long> l7Samples(JsonNode report, String level) {
        Map<String, Long> samples = new TreeMap<>();
        for (JsonNode row : report.get("latency")) {
            String kind = row.get("kind").asText();
            if (row.get("level").asText().equals(level) && !kind.equals("tcp_handshake")) {
                samples.merge(kind + "|" + row.get("window_start").asText(), row.get("samples").asLong(), Long::sum);
            }
        }
        return samples;
    }

    private static Map<String, BigDecimal> l7Max(JsonNode report, String level) {
        Map<String, BigDecimal> max = new TreeMap<>();
        for (JsonNode row : report.get("latency")) {
            String kind = row.get("kind").asText();
            if (row.get("level").asText().equals(level) && !kind.equals("tcp_handshake")) {
                max.merge(kind + "|" + row.get("window_start").asText(), row.get("max_ms").decimalValue(),
                        BigDecimal::max);
            }
        }
        max.replaceAll((k, v) -> v.stripTrailingZeros());
        return max;
    }

    private static Map<String, BigDecimal> millis(Map<String, Long> nanos) {
        Map<String, BigDecimal> ms = new TreeMap<>();
        nanos.forEach((k, v) -> ms.put(k, BigDecimal.valueOf(v).movePointLeft(6).setScale(3, RoundingMode.HALF_UP)
                .stripTrailingZeros()));
        return ms;
    }

    private static void assertSorted(JsonNode report) {
        assertOrder(report.get("links"), "level", "src", "dst", "window_start");
        assertOrder(report.get("dns"), "client", "window_start");
        assertOrder(report.get("latency"), "level", "kind", "src", "dst", "window_start");
        assertOrder(report.get("alerts"), "window_start", "kind", "subject", "state");
    }

    private static void assertOrder(JsonNode rows, String... fields) {
        List<String> keys = new ArrayList<>();
        for (JsonNode row : rows) {
            StringBuilder key = new StringBuilder();
            for (String field : fields) {
                key.append(row.get(field).asText()).append('\u0000');
            }
            keys.add(key.toString());
        }
        assertThat(keys).isSorted();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (Admin admin = Admin.create(props);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            long end = admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .all().get().get(partition).offset();
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
