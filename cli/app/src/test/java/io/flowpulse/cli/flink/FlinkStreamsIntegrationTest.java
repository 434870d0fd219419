package io.flowpulse.cli.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.cli.Main;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.schemas.hubble.RecordedCaptures;
import io.flowpulse.streams.topology.EndOfStream;
import io.flowpulse.testing.LocalStackExtension;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowpulse streams --engine flink} as its own process (as a user runs it): flows published by
 * {@code flowpulse ingest} come out as committed link windows; SIGINT (Ctrl-C) stops it, the engine's
 * child JVM included, with exit code 130 (a SIGTERM ends it the same way, with the JVM's 143).
 */
@ExtendWith(LocalStackExtension.class)
class FlinkStreamsIntegrationTest {

    @Test
    void runsLiveAndStopsOnCtrlC(LocalStack stack, @TempDir Path dir) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String registry = stack.registry().url();
        String run = "flinkstreams" + System.nanoTime();
        Map<String, String> topics = Map.of("topics.flows", run + ".flows", "topics.nodes", run + ".nodes",
                "topics.links", run + ".links", "topics.dns", run + ".dns", "topics.latency", run + ".latency",
                "topics.alerts", run + ".alerts", "topics.dlq", run + ".dlq");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topics.get("topics.flows"), Optional.of(4), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Path capture = RecordedCaptures.copy("basic-sample-400-tcp-flows.json", dir, "capture.json");
        List<String> common = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--schema-registry-url",
                registry, "--http-port", "0"));
        topics.forEach((key, topic) -> common.addAll(List.of("--set", key + "=" + topic)));
        List<String> ingest = new ArrayList<>(List.of("ingest", "--file", capture.toString()));
        ingest.addAll(common);
        assertThat(Main.run(ingest.toArray(String[]::new))).as("ingest exit code").isZero();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> marker : EndOfStream.<byte[]>markers(topics.get("topics.flows"), 4,
                    System.currentTimeMillis())) {
                producer.send(marker);
            }
        }

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-D" + FlinkProcess.LIB_PROPERTY + "=" + System.getProperty(
                FlinkProcess.LIB_PROPERTY), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "streams", "--engine", "flink", "--set", "flink.checkpoint.interval=2s",
                "--set", "flink.group.id=" + run, "--set", "flink.transactional.id.prefix=" + run));
        command.addAll(common);
        Process streams = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("streams.log").toFile()).start();
        try {
            long links = awaitCommitted(bootstrap, topics.get("topics.links"), Duration.ofSeconds(90));
            System.out.println("flink streams: " + links + " committed link windows");
            assertThat(links).isPositive();
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(streams.pid())).start().waitFor()).isZero();
            assertThat(streams.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            assertThat(streams.exitValue()).as("exit code after Ctrl-C").isEqualTo(130);
        } finally {
            streams.destroyForcibly();
            System.out.println(java.nio.file.Files.readString(dir.resolve("streams.log")));
        }
    }

    /** Waits until the topic has committed records; returns how many. */
    private static long awaitCommitted(String bootstrap, String topic, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + ".reader");
        long count = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(500)).count();
                if (count > 0) {
                    // a little longer, for the rest of the checkpoint's records
                    count += consumer.poll(Duration.ofSeconds(2)).count();
                    return count;
                }
            }
        }
        return count;
    }
}
