package io.flowpulse.cli.e2e;

import io.flowpulse.ingest.CaptureIngest;
import io.flowpulse.ingest.CaptureSource;
import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.runtime.Config;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.streams.app.StreamsSettings;
import io.flowpulse.streams.logic.naming.TopologyFile;
import io.flowpulse.streams.topology.EndOfStream;
import io.flowpulse.streams.topology.FlowpulseTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The live path of the end-to-end tests: a capture published by ingest into a flows topic of its
 * own (followed by the end-of-stream markers), the streams service's settings for that run, a
 * wait until the service has processed everything, and its output topics read back.
 */
final class LivePipeline {

    static final int PARTITIONS = 4;

    /** The topics of one live run, all suffixed with the run's name. */
    record Topics(String run, String flows, String nodes, String links, String dns, String latency, String alerts,
                  String dlq) {
        static Topics forRun(String run) {
            return new Topics(run, "hubble.flows." + run, "flowpulse.nodes." + run, "flowpulse.links." + run,
                    "flowpulse.dns." + run, "flowpulse.latency." + run, "flowpulse.alerts." + run,
                    "flowpulse.dlq." + run);
        }
    }

    /** What ingest published. */
    record Published(long flows, long lostEvents, long invalid) {
    }

    private LivePipeline() {
    }

    static String newRun(String prefix) {
        return prefix + Long.toString(System.nanoTime(), 36);
    }

    /**
     * Publishes the topology's nodes and every capture line with the ingest service, as
     * {@code flowpulse ingest --input FILE} does, then one end-of-stream marker per flows partition.
     * The topics keep old records forever: the capture's event times are in the past.
     */
    static Published publish(String bootstrap, String registryUrl, SimulatedCapture capture, Topics topics)
            throws Exception {
        IngestSettings settings = new IngestSettings(bootstrap, registryUrl, topics.flows(), topics.nodes(),
                topics.dlq(), PARTITIONS, (short) 1, -1L, new Properties(), "127.0.0.1", 0);
        CaptureIngest.Result read;
        long flows;
        long lost;
        CaptureSource source = new CaptureSource(List.of(capture.file()), null);
        try (IngestService ingest = IngestService.create(settings, source,
                NodeSource.of(TopologyFile.read(capture.topology())))) {
            ingest.start();
            ingest.await();
            read = source.result();
            var pipeline = ingest.pipeline();
            if (ingest.publisher().deadLettered() > 0) {
                throw new AssertionError(ingest.publisher().deadLettered() + " record(s) were not published");
            }
            flows = pipeline.counters().flows();
            lost = pipeline.counters().lostEventRecords();
        }
        sendEndMarkers(bootstrap, topics.flows(), read.lastTime().toEpochMilli());
        return new Published(flows, lost, read.totals().invalid() + read.mappingFailures());
    }

    static void sendEndMarkers(String bootstrap, String flowsTopic, long timestampMillis) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> marker : EndOfStream.<byte[]>markers(flowsTopic, PARTITIONS,
                    timestampMillis)) {
                producer.send(marker);
            }
            producer.flush();
        }
    }

    /** Settings of the streams service for one run, as the keys of its configuration. */
    static Map<String, String> streamsConfig(String bootstrap, String registryUrl, Topics topics, String applicationId,
                                             Path stateDir, Path topologyFile) {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("schema.registry.url", registryUrl);
        config.put("streams.application.id", applicationId);
        config.put("streams.state.dir", stateDir.toString());
        config.put("streams.topology.file", topologyFile.toString());
        config.put("topics.flows", topics.flows());
        config.put("topics.nodes", topics.nodes());
        config.put("topics.links", topics.links());
        config.put("topics.dns", topics.dns());
        config.put("topics.latency", topics.latency());
        config.put("topics.alerts", topics.alerts());
        config.put("topics.dlq", topics.dlq());
        config.put("topics.retention.ms", "-1");
        config.put("http.host", "127.0.0.1");
        config.put("http.port", "0");
        return config;
    }

    static StreamsSettings streamsSettings(Map<String, String> config) {
        return StreamsSettings.from(Config.builder().defaults(StreamsSettings.DEFAULTS).environment(Map.of())
                .overrides(config).build());
    }

    /**
     * Waits until the application has committed the flows topic (the end markers included) and its
     * partials topic to their ends: with exactly-once processing the outputs of everything it
     * consumed are committed in the same transactions as those offsets.
     */
    static void awaitProcessed(String bootstrap, String applicationId, String flowsTopic, Duration timeout)
            throws Exception {
        List<String> topics = List.of(flowsTopic, applicationId + "-" + FlowpulseTopology.PARTIALS + "-repartition");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin(bootstrap)) {
            String lag = "not measured";
            while (System.nanoTime() < deadline) {
                lag = lag(admin, applicationId, topics);
                if (lag.isEmpty()) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("application " + applicationId + " did not finish within " + timeout
                    + "; lag: " + lag);
        }
    }

    /** Describes where the group is behind the end of the topics; empty when it is at the end of all of them. */
    static String lag(Admin admin, String groupId, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return "topics not there yet: " + e.getCause().getMessage();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p ->
                request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all()
                .get(30, TimeUnit.SECONDS);
        StringBuilder behind = new StringBuilder();
        ends.forEach((partition, end) -> {
            OffsetAndMetadata at = committed.get(partition);
            long position = at == null ? 0 : at.offset();
            if (position < end.offset()) {
                behind.append(partition).append(' ').append(position).append('/').append(end.offset()).append("; ");
            }
        });
        return behind.toString();
    }

    /**
     * Everything committed on the output topics, read with isolation.level=read_committed, once no
     * transaction is open on them any more (a killed instance can leave one open until it is fenced
     * or times out; records behind it are not readable before).
     */
    static WindowRecords readOutputs(String bootstrap, String registryUrl, Topics topics) throws Exception {
        awaitNoOpenTransactions(bootstrap, List.of(topics.links(), topics.dns(), topics.latency(), topics.alerts()),
                Duration.ofMinutes(1));
        SchemaRegistryClient registry = SchemaRegistryClient.builder(registryUrl).build();
        return new WindowRecords(
                readTopic(bootstrap, topics.links(), AvroSerde.specific(LinkWindow.class, registry).deserializer()),
                readTopic(bootstrap, topics.dns(), AvroSerde.specific(DnsWindow.class, registry).deserializer()),
                readTopic(bootstrap, topics.latency(), AvroSerde.specific(LatencyWindow.class, registry).deserializer()),
                readTopic(bootstrap, topics.alerts(), AvroSerde.specific(Alert.class, registry).deserializer()));
    }

    static <T extends SpecificRecord> List<T> readTopic(String bootstrap, String topic, Deserializer<T> values) {
        List<T> records = new ArrayList<>();
        readToEnd(bootstrap, topic, record -> records.add(values.deserialize(topic, record.value())));
        return records;
    }

    /** Every record of a topic, read_committed, from its beginning to the end it had when reading began. */
    static void readToEnd(String bootstrap, String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // under read_committed these are the last stable offsets: nothing is left open behind them
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + ends);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(record);
                }
            }
        }
    }

    static void awaitNoOpenTransactions(String bootstrap, List<String> topics, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(d ->
                    d.partitions().forEach(p -> request.put(new TopicPartition(d.name(), p.partition()),
                            OffsetSpec.latest())));
            while (true) {
                Map<TopicPartition, Long> stable = offsets(admin, request, IsolationLevel.READ_COMMITTED);
                Map<TopicPartition, Long> end = offsets(admin, request, IsolationLevel.READ_UNCOMMITTED);
                if (stable.equals(end)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("transactions still open on " + topics + ": stable offsets " + stable
                            + ", end offsets " + end);
                }
                Thread.sleep(250);
            }
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Map<TopicPartition, OffsetSpec> request,
                                                     IsolationLevel isolation) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of("retention.ms", "-1")))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
