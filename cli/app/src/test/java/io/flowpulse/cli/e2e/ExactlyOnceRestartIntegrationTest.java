package io.flowpulse.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams service killed in the middle of its input (SIGKILL of its JVM: no close, no commit, an
 * open transaction) and started again with the same application id and state directory emits,
 * as read with isolation.level=read_committed, exactly the records of a run that was never
 * interrupted: none twice, none missing.
 */
@ExtendWith(LocalStackExtension.class)
class ExactlyOnceRestartIntegrationTest {

    private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aKilledAndRestartedServiceEmitsExactlyTheRecordsOfAnUninterruptedRun(LocalStack stack, @TempDir Path dir)
            throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String registryUrl = stack.registry().url();
        ClusterModel model = ModelLoader.defaultModel();
        // the built-in story's first 6 minutes: the drops and the relayed edge raise alerts
        SimulatedCapture capture = SimulatedCapture.write(model, SimulationOptions.forModel(model).withSeed(3)
                .withDuration(Duration.ofMinutes(6)).withRateScale(0.4), dir, "capture");
        LivePipeline.Topics input = LivePipeline.Topics.forRun(LivePipeline.newRun("eos"));
        LivePipeline.Published published = LivePipeline.publish(bootstrap, registryUrl, capture, input);
        long inputRecords = published.flows() + published.lostEvents() + LivePipeline.PARTITIONS;
        assertThat(endOffsets(bootstrap, input.flows()).values()).as("records per flows partition")
                .hasSize(LivePipeline.PARTITIONS).allMatch(end -> end > 1000);

        // never interrupted
        LivePipeline.Topics uninterrupted = outputsOf(input, "once");
        String onceId = "flowpulse-" + uninterrupted.run();
        Process once = startService(serviceConfig(stack, uninterrupted, onceId, dir.resolve("state-once"), capture),
                dir.resolve("once.log"));
        try {
            LivePipeline.awaitProcessed(bootstrap, onceId, input.flows(), PROCESSING_TIMEOUT);
        } finally {
            stop(once);
        }
        WindowRecords expected = LivePipeline.readOutputs(bootstrap, registryUrl, uninterrupted);

        // killed in the middle, then started again on the same state
        LivePipeline.Topics restarted = outputsOf(input, "killed");
        String killedId = "flowpulse-" + restarted.run();
        Map<String, String> config = serviceConfig(stack, restarted, killedId, dir.resolve("state-killed"), capture);
        Process first = startService(config, dir.resolve("first.log"));
        long committedAtKill;
        try {
            committedAtKill = awaitMidway(bootstrap, killedId, input.flows(), inputRecords / 4, restarted.links(),
                    PROCESSING_TIMEOUT);
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        long committedAfterKill = committed(bootstrap, killedId, input.flows());
        // below the last stable offset: what the killed service committed before the kill
        int linksBeforeKill = LivePipeline.readTopic(bootstrap, restarted.links(),
                AvroSerde.specific(LinkWindow.class, SchemaRegistryClient.builder(registryUrl).build()).deserializer())
                .size();
        Process second = startService(config, dir.resolve("second.log"));
        try {
            LivePipeline.awaitProcessed(bootstrap, killedId, input.flows(), PROCESSING_TIMEOUT);
        } finally {
            stop(second);
        }
        WindowRecords actual = LivePipeline.readOutputs(bootstrap, registryUrl, restarted);
        System.out.printf("exactly once: %,d input records; killed with %,d committed and %,d link windows out; "
                + "uninterrupted %s; restarted %s%n", inputRecords, committedAfterKill, linksBeforeKill, expected, actual);

        assertThat(committedAtKill).as("input committed when the service was killed").isPositive();
        // stage 1 may have read all the input before the kill lands; what shows the kill struck mid-work
        // is the output: fewer link windows out than the uninterrupted run made
        assertThat(committedAfterKill).as("input committed by the killed service")
                .isGreaterThanOrEqualTo(committedAtKill).isLessThanOrEqualTo(inputRecords);
        assertThat(linksBeforeKill).as("link windows the killed service had committed")
                .isPositive().isLessThan(expected.links().size());
        assertThat(expected.links()).isNotEmpty();
        assertThat(expected.alerts()).anyMatch(a -> a.contains("LINK_DROP_RATE"));
        assertThat(actual.links()).as("link windows").isEqualTo(expected.links());
        assertThat(actual.dns()).as("DNS windows").isEqualTo(expected.dns());
        assertThat(actual.latency()).as("latency windows").isEqualTo(expected.latency());
        assertThat(actual.alerts()).as("alert changes").isEqualTo(expected.alerts());
    }

    /** The input topics of {@code input} with output topics of their own. */
    private static LivePipeline.Topics outputsOf(LivePipeline.Topics input, String name) {
        LivePipeline.Topics outputs = LivePipeline.Topics.forRun(input.run() + "-" + name);
        return new LivePipeline.Topics(outputs.run(), input.flows(), input.nodes(), outputs.links(), outputs.dns(),
                outputs.latency(), outputs.alerts(), outputs.dlq());
    }

    private static Map<String, String> serviceConfig(LocalStack stack, LivePipeline.Topics topics,
                                                     String applicationId, Path stateDir, SimulatedCapture capture) {
        Map<String, String> config = LivePipeline.streamsConfig(stack.kafka().bootstrapServers(),
                stack.registry().url(), topics, applicationId, stateDir, capture.topology());
        // the killed member leaves the group quickly, so the restarted one does not wait for it for long
        config.put("kafka.session.timeout.ms", "6000");
        config.put("kafka.heartbeat.interval.ms", "1000");
        // at most about 5,000 records/s, so the kill lands half-way even on a fast, idle machine
        config.put("kafka.main.consumer.max.poll.records", "200");
        config.put("kafka.main.consumer.interceptor.classes", SlowConsumption.class.getName());
        return config;
    }

    /** The streams service in a child JVM on this test's class path; its output goes to {@code log}. */
    private static Process startService(Map<String, String> config, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        String serializable = System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES");
        if (serializable != null) {
            command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=" + serializable);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StreamsServiceMain.class.getName());
        config.forEach((key, value) -> command.add(key + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!Files.readString(log).contains(StreamsServiceMain.STARTED)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("the streams service did not start; its output:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits until the group has committed at least {@code atLeast} records of the input topic and some
     * output to {@code output}; returns how much input it had committed.
     */
    private static long awaitMidway(String bootstrap, String groupId, String topic, long atLeast, String output,
                                    Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long committed = committed(bootstrap, groupId, topic);
            if (committed >= atLeast && stableRecords(bootstrap, output) > 0) {
                return committed;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(groupId + " committed only " + committed + " records of " + topic);
            }
            Thread.sleep(50);
        }
    }

    /** Records below the last stable offsets of a topic: committed by transactions, or written outside one. */
    private static long stableRecords(String bootstrap, String topic) throws Exception {
        try (Admin admin = LivePipeline.admin(bootstrap)) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < LivePipeline.PARTITIONS; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(30, TimeUnit.SECONDS).values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
        } catch (java.util.concurrent.ExecutionException notThereYet) {
            return 0;
        }
    }

    private static long committed(String bootstrap, String groupId, String topic) throws Exception {
        try (Admin admin = LivePipeline.admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    private static Map<Integer, Long> endOffsets(String bootstrap, String topic) throws Exception {
        Map<Integer, Long> ends = new TreeMap<>();
        try (Admin admin = LivePipeline.admin(bootstrap)) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < LivePipeline.PARTITIONS; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        }
        return ends;
    }
}
