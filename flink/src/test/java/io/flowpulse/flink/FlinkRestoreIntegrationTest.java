package io.flowpulse.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.flink.testing.KafkaTestSupport;
import io.flowpulse.flink.testing.KafkaTestSupport.Keyed;
import io.flowpulse.flink.testing.KafkaTestSupport.Results;
import io.flowpulse.flink.testing.KafkaTestSupport.Topics;
import io.flowpulse.flink.testing.SyntheticCapture;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.testing.LocalStackExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a failure: a live job is cancelled in the middle of the capture, right after its
 * first results were committed, and a new job restores from the last retained checkpoint and reads on.
 * The committed results must be those of an uninterrupted run of the same capture, each record once.
 */
@ExtendWith(LocalStackExtension.class)
class FlinkRestoreIntegrationTest {

    static final int PARTITIONS = 4;

    @TempDir
    Path dir;

    @Test
    void cancelledAndRestoredRunCommitsWhatAnUninterruptedRunCommits(LocalStack stack) throws Exception {
        SchemaRegistryClient registry = SchemaRegistryClient.builder(stack.registry().url()).build();
        KafkaTestSupport kafka = new KafkaTestSupport(stack.kafka().bootstrapServers(), registry);
        SyntheticCapture capture = new SyntheticCapture(36_000, PARTITIONS);
        List<Keyed> records = capture.records();

        // the reference: one uninterrupted bounded run
        String reference = "fr" + Long.toString(System.nanoTime(), 36);
        Topics referenceTopics = createTopics(kafka, reference);
        kafka.produce(referenceTopics.flows(), records);
        kafka.produceEndMarkers(referenceTopics.flows(), PARTITIONS, capture.endMillis());
        FlinkEngine.runLocal(FlinkJobIntegrationTest.settings(kafka, referenceTopics, reference).withBounded(true));
        Results expected = kafka.readResults(referenceTopics, Duration.ofSeconds(10));
        assertThat(expected.links()).hasSizeGreaterThan(100);

        // the same capture, live, cancelled half-way and restored
        String run = "fs" + Long.toString(System.nanoTime(), 36);
        Topics topics = createTopics(kafka, run);
        Path checkpoints = dir.resolve("checkpoints");
        FlinkSettings settings = FlinkJobIntegrationTest.settings(kafka, topics, run)
                .withCheckpoints(Duration.ofMillis(500), checkpoints.toUri().toString());
        int half = records.size() / 2;
        kafka.produce(topics.flows(), records.subList(0, half));
        String firstJob;
        try (LocalFlinkJob job = FlinkEngine.startLocal(settings)) {
            firstJob = job.jobId().toString();
            // cancel as soon as a first checkpoint has committed results
            assertThat(kafka.readCommitted(topics.links(), 1, Duration.ofMinutes(2))).isNotEmpty();
            job.cancel();
        }
        int committedBefore = kafka.readCommitted(topics.links(), Integer.MAX_VALUE, Duration.ofSeconds(1)).size();
        Path restoreFrom = latestCheckpoint(checkpoints.resolve(firstJob));
        System.out.printf("restore: cancelled with %d link windows committed; restoring from %s%n", committedBefore,
                restoreFrom.getFileName());

        kafka.produce(topics.flows(), records.subList(half, records.size()));
        kafka.produceEndMarkers(topics.flows(), PARTITIONS, capture.endMillis());
        try (LocalFlinkJob job = FlinkEngine.startLocal(settings.withRestoreFrom(restoreFrom.toUri().toString()))) {
            assertThat(kafka.readCommitted(topics.links(), expected.links().size(), Duration.ofMinutes(2)))
                    .hasSizeGreaterThanOrEqualTo(expected.links().size());
            Thread.sleep(2_000); // results of the last windows are committed by the next checkpoint or two
            job.cancel();
        }
        Results actual = kafka.readResults(topics, Duration.ofSeconds(10));

        assertThat(committedBefore).as("link windows committed before the cancel")
                .isPositive().isLessThan(expected.links().size());
        assertThat(sorted(actual.links())).isEqualTo(sorted(expected.links()));
        assertThat(sorted(actual.dns())).isEqualTo(sorted(expected.dns()));
        assertThat(sorted(actual.latency())).isEqualTo(sorted(expected.latency()));
        assertThat(sorted(actual.alerts())).isEqualTo(sorted(expected.alerts()));
    }

    private static Topics createTopics(KafkaTestSupport kafka, String run) throws Exception {
        Topics topics = Topics.forRun(run);
        kafka.createTopics(PARTITIONS, topics.flows());
        kafka.createTopics(1, topics.nodes(), topics.links(), topics.dns(), topics.latency(), topics.alerts(), topics.dlq());
        return topics;
    }

    /** Records in a stable order (their Avro JSON), duplicates kept so that they would show. */
    private static List<String> sorted(List<? extends SpecificRecord> records) {
        List<String> text = new ArrayList<>();
        records.forEach(r -> text.add(r.toString()));
        text.sort(Comparator.naturalOrder());
        return text;
    }

    /** The retained checkpoint with the highest number under a job's checkpoint directory. */
    private static Path latestCheckpoint(Path jobDir) throws IOException {
        TreeMap<Integer, Path> byNumber = new TreeMap<>();
        try (Stream<Path> entries = Files.list(jobDir)) {
            entries.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
                    .forEach(p -> byNumber.put(Integer.parseInt(p.getFileName().toString().substring(4)), p));
        }
        assertThat(byNumber).as("retained checkpoints in %s", jobDir).isNotEmpty();
        return byNumber.lastEntry().getValue();
    }
}
