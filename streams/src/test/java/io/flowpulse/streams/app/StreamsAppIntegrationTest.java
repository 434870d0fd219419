package io.flowpulse.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.runtime.Config;
import io.flowpulse.schemas.DeadLetters;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.Workload;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import io.flowpulse.runtime.ServiceEndpoint;
import io.flowpulse.streams.logic.TestFlows;
import io.flowpulse.streams.topology.EndOfStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fast replay through the real broker and registry: 60,000 flows over 10 one-minute windows,
 * spread over 4 flows partitions and already in the topic when the application starts, so the
 * stage-1 tasks run through them at different speeds. No record may be counted late, and the link
 * windows must equal counts worked out here with plain arithmetic.
 */
@ExtendWith(LocalStackExtension.class)
class StreamsAppIntegrationTest {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final int FLOWS = 60_000;
    static final int NODES = 8;
    static final int PARTITIONS = 4;
    static final long STEP_MILLIS = 10;
    /** Every 100th flow comes with a DNS request and its response 1 ms later. */
    static final int DNS_EVERY = 100;
    static final int DNS_RECORDS = 2 * FLOWS / DNS_EVERY;
    /** Not in the Confluent wire format: must reach the dead-letter topic, not stop the application. */
    static final byte[] CORRUPT = "{\"not\": \"avro\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void fastReplayOverFourPartitionsCountsNothingLateAndMatchesIndependentCounts(LocalStack stack) throws Exception {
        String run = "it" + Long.toString(System.nanoTime(), 36);
        String flowsTopic = "hubble.flows." + run;
        String linksTopic = "flowpulse.links." + run;
        String bootstrap = stack.kafka().bootstrapServers();
        String registryUrl = stack.registry().url();
        createTopic(bootstrap, flowsTopic, PARTITIONS);

        SchemaRegistryClient registry = SchemaRegistryClient.builder(registryUrl).build();
        produceCorruptRecord(bootstrap, flowsTopic);
        produceFlows(bootstrap, registry, flowsTopic, 0, FLOWS);
        produceEndMarkers(bootstrap, flowsTopic);
        Map<String, long[]> expected = expectedLinkCounts();

        StreamsSettings settings = settingsFor(run, bootstrap, registryUrl, dir.resolve("state"));
        try (StreamsApp app = new StreamsApp(settings);
             ServiceEndpoint endpoint = ServiceEndpoint.serve(app, settings.httpHost(), settings.httpPort())) {
            long started = System.nanoTime();
            app.start();
            Map<String, LinkWindow> actual = readLinks(bootstrap, registry, linksTopic, expected.size(),
                    Duration.ofMinutes(3));
            System.out.printf("streams replay: %d flows -> %d link windows in %d ms (start to last window read)%n",
                    FLOWS, actual.size(), (lastRead - started) / 1_000_000);

            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(app.pipelineMetrics().inputRecords().count()).isEqualTo(FLOWS + DNS_RECORDS);
            assertThat(app.pipelineMetrics().lateRecords().count()).as("records counted late").isZero();
            assertThat(app.pipelineMetrics().latePartials().count()).isZero();
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            expected.forEach((key, counts) -> {
                LinkWindow window = actual.get(key);
                assertThat(window.getForwarded()).as("forwarded of %s", key).isEqualTo(counts[0]);
                assertThat(window.getDropped()).as("dropped of %s", key).isEqualTo(counts[1]);
                assertThat(window.getOther()).isZero();
            });

            Map<String, long[]> expectedDns = expectedDnsCounts();
            Map<String, DnsWindow> dns = readWindows(bootstrap, registry, "flowpulse.dns." + run, DnsWindow.class,
                    DnsWindow::getWindowStart, expectedDns.size(), Duration.ofSeconds(30));
            assertThat(dns.keySet()).isEqualTo(expectedDns.keySet());
            expectedDns.forEach((key, counts) -> {
                assertThat(dns.get(key).getQueries()).as("queries of %s", key).isEqualTo(counts[0]);
                assertThat(dns.get(key).getResponses()).as("responses of %s", key).isEqualTo(counts[1]);
                assertThat(dns.get(key).getRcodes().getOrDefault("NXDOMAIN", 0L)).as("NXDOMAIN of %s", key)
                        .isEqualTo(counts[2]);
            });
            Map<String, Long> expectedSamples = expectedDnsLatencySamples();
            Map<String, LatencyWindow> latency = readWindows(bootstrap, registry, "flowpulse.latency." + run,
                    LatencyWindow.class, LatencyWindow::getWindowStart, expectedSamples.size(), Duration.ofSeconds(30));
            assertThat(latency.keySet()).isEqualTo(expectedSamples.keySet());
            expectedSamples.forEach((key, samples) -> {
                assertThat(latency.get(key).getSamples()).as("samples of %s", key).isEqualTo(samples);
                assertThat(latency.get(key).getMinMs()).isGreaterThanOrEqualTo(1.0);
                assertThat(latency.get(key).getMaxMs()).isLessThanOrEqualTo(1.006);
            });

            // every link drops 1 in 7 events (>= 0.05 with >= 20 events) from the first window on: one FIRING
            // alert per link of the first window, CRITICAL (>= 2 x 0.05), and none resolves
            Map<String, Alert> alerts = readWindows(bootstrap, registry, "flowpulse.alerts." + run, Alert.class,
                    Alert::getWindowStart, 25, Duration.ofSeconds(30));
            List<String> firstWindowLinks = expected.keySet().stream().filter(k -> k.endsWith("@" + T0))
                    .map(k -> k.substring(0, k.indexOf('@'))).toList();
            assertThat(alerts.keySet()).containsExactlyInAnyOrderElementsOf(firstWindowLinks.stream()
                    .map(link -> {
                        String[] p = link.split("\\|");
                        return "LINK_DROP_RATE:" + p[0] + ":" + p[1] + "->" + p[2] + "@" + T0;
                    }).toList());
            for (String link : firstWindowLinks) {
                String[] p = link.split("\\|");
                Alert alert = alerts.get("LINK_DROP_RATE:" + p[0] + ":" + p[1] + "->" + p[2] + "@" + T0);
                long[] counts = expected.get(link + "@" + T0);
                assertThat(alert.getState()).isEqualTo("FIRING");
                assertThat(alert.getSeverity()).isEqualTo("CRITICAL");
                assertThat(alert.getValue()).isEqualTo((double) counts[1] / (counts[0] + counts[1]));
            }

            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoint.url() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoint.url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("flowpulse_streams_late_records_total");

            List<ConsumerRecord<byte[], byte[]>> dead = readAll(bootstrap, "flowpulse.dlq." + run, 1, Duration.ofSeconds(30));
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).value()).isEqualTo(CORRUPT);
            assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.ORIGIN_TOPIC).value())).isEqualTo(flowsTopic);
            assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.ORIGIN_OFFSET).value())).isEqualTo("0");
            assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.REASON).value()))
                    .contains("cannot deserialize");
        }
    }

    /**
     * Stopped after the first half of the capture and started again with an empty state directory (state
     * restored from the changelogs): every window is still emitted exactly once with the right counts.
     */
    @Test
    void restartWithLostLocalStateEmitsEveryWindowExactlyOnce(LocalStack stack) throws Exception {
        String run = "it" + Long.toString(System.nanoTime(), 36);
        String flowsTopic = "hubble.flows." + run;
        String linksTopic = "flowpulse.links." + run;
        String bootstrap = stack.kafka().bootstrapServers();
        String registryUrl = stack.registry().url();
        createTopic(bootstrap, flowsTopic, PARTITIONS);
        SchemaRegistryClient registry = SchemaRegistryClient.builder(registryUrl).build();
        Map<String, long[]> expected = expectedLinkCounts();

        produceFlows(bootstrap, registry, flowsTopic, 0, FLOWS / 2);
        try (StreamsApp first = new StreamsApp(settingsFor(run, bootstrap, registryUrl, dir.resolve("state-1")))) {
            first.start();
            // windows 10:00-10:03 close once stream time passes 10:04:10; the first half reaches 10:04:59.99
            assertThat(readLinks(bootstrap, registry, linksTopic, 4 * 25, Duration.ofMinutes(3))).hasSize(4 * 25);
        }
        produceFlows(bootstrap, registry, flowsTopic, FLOWS / 2, FLOWS);
        produceEndMarkers(bootstrap, flowsTopic);
        try (StreamsApp second = new StreamsApp(settingsFor(run, bootstrap, registryUrl, dir.resolve("state-2")))) {
            second.start();
            Map<String, LinkWindow> actual = readLinks(bootstrap, registry, linksTopic, expected.size(),
                    Duration.ofMinutes(3));
            assertThat(second.pipelineMetrics().lateRecords().count()).isZero();
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            expected.forEach((key, counts) -> {
                assertThat(actual.get(key).getForwarded()).as("forwarded of %s", key).isEqualTo(counts[0]);
                assertThat(actual.get(key).getDropped()).as("dropped of %s", key).isEqualTo(counts[1]);
            });
        }
    }

    /** Flow i: at T0 + 10 ms * i, observed at node (i % 8), from app-(i % 5) there to svc-(i % 3) on the next node. */
    static Flow flow(int i) {
        int node = i % NODES;
        int peer = (node + 1) % NODES;
        Endpoint src = Endpoint.newBuilder().setId(100 + node).setNamespace("ns").setPodName("app-" + (i % 5) + "-x")
                .setWorkloads(List.of(new Workload("app-" + (i % 5), "Deployment"))).build();
        Endpoint dst = Endpoint.newBuilder().setId(0).setNamespace("ns").setPodName("svc-" + (i % 3) + "-y")
                .setWorkloads(List.of(new Workload("svc-" + (i % 3), "Deployment"))).build();
        boolean dropped = i % 7 == 0;
        return Flow.newBuilder()
                .setTime(T0.plusMillis(i * STEP_MILLIS))
                .setNodeName("node-" + node).setNode("node-" + node)
                .setVerdict(dropped ? "DROPPED" : "FORWARDED")
                .setDropReasonDesc(dropped ? "POLICY_DENIED" : null)
                .setFlowType("L3_L4")
                .setProtocol("TCP").setIpVersion("IPv4").setTcpFlags(List.of("ACK"))
                .setSourceIp("10.244." + node + ".5").setSourcePort(30000 + i % 1000)
                .setDestinationIp("10.244." + peer + ".9").setDestinationPort(8080)
                .setSource(src).setDestination(dst)
                .build();
    }

    static Endpoint client(int i) {
        return Endpoint.newBuilder().setId(100 + i % NODES).setNamespace("ns").setPodName("app-" + (i % 5) + "-x")
                .setWorkloads(List.of(new Workload("app-" + (i % 5), "Deployment"))).build();
    }

    static Endpoint coreDns() {
        return Endpoint.newBuilder().setNamespace("kube-system").setPodName("coredns-1")
                .setWorkloads(List.of(new Workload("coredns", "Deployment"))).build();
    }

    /** From app-(i % 5) on node (i % 8) to the CoreDNS pod on the next node, seen at the client's node. */
    static Flow dnsRequest(int i) {
        int node = i % NODES;
        return TestFlows.dns(T0.plusMillis(i * STEP_MILLIS), "node-" + node, "REQUEST", "svc-" + (i % 3) + ".ns.", 0, 0)
                .setSource(client(i)).setSourceIp("10.244." + node + ".5")
                .setDestination(coreDns()).setDestinationIp("10.244." + (node + 1) % NODES + ".53").build();
    }

    /** NXDOMAIN for every 300th flow, else NOERROR; latency 1 ms + (i % 7) us. */
    static Flow dnsResponse(int i) {
        int node = i % NODES;
        return TestFlows.dns(T0.plusMillis(i * STEP_MILLIS + 1), "node-" + node, "RESPONSE", "svc-" + (i % 3) + ".ns.",
                        i % 300 == 0 ? 3 : 0, 1_000_000 + (i % 7) * 1_000L)
                .setSource(coreDns()).setSourceIp("10.244." + (node + 1) % NODES + ".53")
                .setDestination(client(i)).setDestinationIp("10.244." + node + ".5").build();
    }

    /** key "<client>@<window start>" -> {queries, responses, NXDOMAIN responses}. */
    static Map<String, long[]> expectedDnsCounts() {
        Map<String, long[]> counts = new TreeMap<>();
        for (int i = 0; i < FLOWS; i += DNS_EVERY) {
            long[] c = counts.computeIfAbsent("ns/app-" + (i % 5) + "@" + windowOf(i), k -> new long[3]);
            c[0]++;
            c[1]++;
            c[2] += i % 300 == 0 ? 1 : 0;
        }
        return counts;
    }

    /** key "<level>|dns|<src>|<dst>@<window start>" -> samples. */
    static Map<String, Long> expectedDnsLatencySamples() {
        Map<String, Long> samples = new TreeMap<>();
        for (int i = 0; i < FLOWS; i += DNS_EVERY) {
            int node = i % NODES;
            int server = (node + 1) % NODES;
            samples.merge("node|dns|node-" + node + "|node-" + server + "@" + windowOf(i), 1L, Long::sum);
            samples.merge("subnet|dns|lab-" + node % 2 + "|lab-" + server % 2 + "@" + windowOf(i), 1L, Long::sum);
        }
        return samples;
    }

    static Instant windowOf(int i) {
        return T0.plusSeconds(60L * (i * STEP_MILLIS / 60_000));
    }

    /** key "<level>|<src>|<dst>@<window start>" -> {forwarded, dropped}, by plain arithmetic. */
    static Map<String, long[]> expectedLinkCounts() {
        Map<String, long[]> counts = new TreeMap<>();
        for (int i = 0; i < FLOWS; i++) {
            int node = i % NODES;
            int peer = (node + 1) % NODES;
            Instant windowStart = T0.plusSeconds(60L * (i * STEP_MILLIS / 60_000));
            int column = i % 7 == 0 ? 1 : 0;
            for (String link : List.of(
                    "workload|ns/app-" + (i % 5) + "|ns/svc-" + (i % 3),
                    "node|node-" + node + "|node-" + peer,
                    "subnet|lab-" + (node % 2) + "|lab-" + (peer % 2))) {
                counts.computeIfAbsent(link + "@" + windowStart, k -> new long[2])[column]++;
            }
        }
        return counts;
    }

    static String topologyYaml() {
        StringBuilder yaml = new StringBuilder("subnets:\n");
        for (int subnet = 0; subnet < 2; subnet++) {
            yaml.append("  - name: lab-").append(subnet).append("\n    nodes:\n");
            for (int node = subnet; node < NODES; node += 2) {
                yaml.append("      - name: node-").append(node).append('\n')
                        .append("        addresses: [192.168.0.").append(10 + node).append("]\n")
                        .append("        podCIDRs: [10.244.").append(node).append(".0/24]\n");
            }
        }
        return yaml.toString();
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of("retention.ms", "-1")))).all().get();
        }
    }

    StreamsSettings settingsFor(String run, String bootstrap, String registryUrl, Path stateDir) throws Exception {
        Path topology = dir.resolve("topology.yaml");
        Files.writeString(topology, topologyYaml());
        Map<String, String> overrides = new HashMap<>();
        overrides.put("kafka.bootstrap.servers", bootstrap);
        overrides.put("schema.registry.url", registryUrl);
        overrides.put("streams.application.id", "flowpulse-" + run);
        overrides.put("streams.state.dir", stateDir.toString());
        overrides.put("streams.topology.file", topology.toString());
        overrides.put("topics.flows", "hubble.flows." + run);
        overrides.put("topics.nodes", "flowpulse.nodes." + run);
        overrides.put("topics.links", "flowpulse.links." + run);
        overrides.put("topics.dns", "flowpulse.dns." + run);
        overrides.put("topics.latency", "flowpulse.latency." + run);
        overrides.put("topics.alerts", "flowpulse.alerts." + run);
        overrides.put("topics.dlq", "flowpulse.dlq." + run);
        overrides.put("topics.retention.ms", "-1");
        overrides.put("http.host", "127.0.0.1");
        overrides.put("http.port", "0");
        return StreamsSettings.from(Config.builder().defaults(StreamsSettings.DEFAULTS).overrides(overrides).build());
    }

    static Properties producerProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return props;
    }

    static void produceCorruptRecord(String bootstrap, String topic) throws Exception {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerProperties(bootstrap), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, 0, T0.toEpochMilli(), "node-0", CORRUPT)).get();
        }
    }

    /** Flows [from, to) in time order; a node's flows always go to partition (node % 4). */
    static void produceFlows(String bootstrap, SchemaRegistryClient registry, String topic, int from, int to) {
        try (FlowEventSerde serde = FlowEventSerde.create(registry);
             KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProperties(bootstrap),
                     new StringSerializer(), serde.serializer())) {
            for (int i = from; i < to; i++) {
                List<Flow> flows = i % DNS_EVERY == 0 ? List.of(flow(i), dnsRequest(i), dnsResponse(i)) : List.of(flow(i));
                for (Flow flow : flows) {
                    producer.send(new ProducerRecord<>(topic, (i % NODES) % PARTITIONS, flow.getTime().toEpochMilli(),
                            flow.getNode(), flow));
                }
            }
            producer.flush();
        }
    }

    static void produceEndMarkers(String bootstrap, String topic) {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProperties(bootstrap),
                new StringSerializer(), (t, v) -> null)) {
            long end = T0.plusMillis(FLOWS * STEP_MILLIS).toEpochMilli();
            for (ProducerRecord<String, SpecificRecord> marker : EndOfStream.<SpecificRecord>markers(topic, PARTITIONS, end)) {
                producer.send(marker);
            }
            producer.flush();
        }
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    /** Values of an Avro topic by "<record key>@<window start>", failing on a second record for one. */
    static <T extends SpecificRecord> Map<String, T> readWindows(String bootstrap, SchemaRegistryClient registry,
                                                                String topic, Class<T> type,
                                                                java.util.function.Function<T, Instant> start,
                                                                int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, T> values = new TreeMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (AvroSerde<T> serde = AvroSerde.specific(type, registry);
             KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(topic));
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() + "@" + start.apply(record.value());
                    assertThat(values.put(key, record.value())).as("duplicate record %s", key).isNull();
                }
            }
            for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofSeconds(2))) {
                String key = record.key() + "@" + start.apply(record.value());
                assertThat(values.put(key, record.value())).as("duplicate record %s", key).isNull();
            }
        }
        return values;
    }

    static volatile long lastRead;

    static Map<String, LinkWindow> readLinks(String bootstrap, SchemaRegistryClient registry, String topic,
                                             int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, LinkWindow> windows = new TreeMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (AvroSerde<LinkWindow> serde = AvroSerde.specific(LinkWindow.class, registry);
             KafkaConsumer<String, LinkWindow> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                     serde.deserializer())) {
            consumer.subscribe(List.of(topic));
            // keep reading a little after the expected count so that duplicates would show
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, LinkWindow> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() + "@" + record.value().getWindowStart();
                    assertThat(windows.put(key, record.value())).as("duplicate final record %s", key).isNull();
                }
                if (windows.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    lastRead = System.nanoTime();
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return windows;
    }
}
