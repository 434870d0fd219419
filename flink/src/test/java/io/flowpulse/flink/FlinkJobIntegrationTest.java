package io.flowpulse.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.flink.testing.KafkaTestSupport;
import io.flowpulse.flink.testing.KafkaTestSupport.Results;
import io.flowpulse.flink.testing.KafkaTestSupport.Topics;
import io.flowpulse.flink.testing.SyntheticCapture;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.schemas.DeadLetters;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.streams.topology.TopologySettings;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole job on a local mini-cluster over the real broker and registry: a replay of 10 minutes of
 * made-up traffic over 4 flows partitions, all in the topic before the job starts, so the partitions
 * are read at different speeds. No record may be late; the link windows must equal counts worked out
 * with plain arithmetic, every handshake must become a sample, and the one corrupt record must reach
 * the dead-letter topic.
 */
@ExtendWith(LocalStackExtension.class)
class FlinkJobIntegrationTest {

    static final int PARTITIONS = 4;
    static final byte[] CORRUPT = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void replayOverFourPartitionsCountsNothingLateAndMatchesIndependentCounts(LocalStack stack) throws Exception {
        String run = "fj" + Long.toString(System.nanoTime(), 36);
        Topics topics = Topics.forRun(run);
        SchemaRegistryClient registry = SchemaRegistryClient.builder(stack.registry().url()).build();
        KafkaTestSupport kafka = new KafkaTestSupport(stack.kafka().bootstrapServers(), registry);
        kafka.createTopics(PARTITIONS, topics.flows());
        kafka.createTopics(1, topics.nodes(), topics.links(), topics.dns(), topics.latency(), topics.alerts(), topics.dlq());
        publishNodes(kafka, topics.nodes());

        SyntheticCapture capture = new SyntheticCapture(60_000, PARTITIONS);
        kafka.produceRaw(topics.flows(), 0, "node-0", CORRUPT, SyntheticCapture.T0.toEpochMilli());
        kafka.produce(topics.flows(), capture.records());
        kafka.produceEndMarkers(topics.flows(), PARTITIONS, capture.endMillis());

        FlinkSettings settings = settings(kafka, topics, run).withBounded(true);
        long started = System.nanoTime();
        FlinkRunResult result = FlinkEngine.runLocal(settings);
        System.out.printf("flink replay: %,d records in %d ms (start to job end)%n", capture.flowsCount(),
                (System.nanoTime() - started) / 1_000_000);

        assertThat(result.inputRecords()).isEqualTo(capture.flowsCount());
        assertThat(result.lateRecords()).as("records counted late").isZero();
        assertThat(result.latePartials()).isZero();
        assertThat(result.endMarkers()).isEqualTo(PARTITIONS);
        assertThat(result.deadLetters()).isEqualTo(1);

        Results results = kafka.readResults(topics, Duration.ofSeconds(10));
        Map<String, LinkWindow> links = new TreeMap<>();
        for (LinkWindow link : results.links()) {
            String key = link.getLevel() + "|" + link.getSrc() + "|" + link.getDst() + "@" + link.getWindowStart();
            assertThat(links.put(key, link)).as("duplicate %s", key).isNull();
        }
        Map<String, long[]> expected = capture.expectedLinkCounts();
        assertThat(links.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, counts) -> {
            assertThat(links.get(key).getForwarded()).as("forwarded of %s", key).isEqualTo(counts[0]);
            assertThat(links.get(key).getDropped()).as("dropped of %s", key).isEqualTo(counts[1]);
        });

        Map<Instant, Long> handshakes = results.latency().stream()
                .filter(l -> l.getLevel().equals("node") && l.getKind().equals("tcp_handshake"))
                .collect(Collectors.groupingBy(LatencyWindow::getWindowStart, TreeMap::new,
                        Collectors.summingLong(LatencyWindow::getSamples)));
        assertThat(handshakes).isEqualTo(capture.expectedHandshakes());
        assertThat(results.dns()).isNotEmpty();
        assertThat(results.alerts()).extracting(a -> a.getKind().toString())
                .contains("LINK_DROP_RATE", "XSUBNET_LATENCY", "LOST_EVENTS");

        List<ConsumerRecord<byte[], byte[]>> dead = kafka.readCommitted(topics.dlq(), 1, Duration.ofSeconds(10));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(CORRUPT);
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.ORIGIN_TOPIC).value())).isEqualTo(topics.flows());
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.ORIGIN_OFFSET).value())).isEqualTo("0");
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.REASON).value())).contains("cannot deserialize");
    }

    static void publishNodes(KafkaTestSupport kafka, String topic) {
        try (KafkaProducer<String, Node> producer = new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(),
                AvroSerde.specific(Node.class, kafka.registry()).serializer())) {
            for (Node node : SyntheticCapture.nodes()) {
                producer.send(new ProducerRecord<>(topic, node.getName(), node));
            }
            producer.flush();
        }
    }

    static FlinkSettings settings(KafkaTestSupport kafka, Topics topics, String run) {
        TopologySettings analytics = TopologySettings.builder()
                .flowsTopic(topics.flows()).nodesTopic(topics.nodes()).linksTopic(topics.links())
                .dnsTopic(topics.dns()).latencyTopic(topics.latency()).alertsTopic(topics.alerts())
                .topologyNodes(SyntheticCapture.nodes())
                .build();
        return FlinkSettings.of(kafka.bootstrap(), kafka.registry().url(), analytics)
                .withNames("flowpulse-flink-" + run, "flowpulse-flink-" + run, topics.dlq())
                .withCheckpoints(Duration.ofSeconds(2), null);
    }
}
