package io.flowpulse.streams.topology;

import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver around the analytics topology with plain Avro serdes and dead-letter handlers. */
final class TopologyHarness implements AutoCloseable {

    final PlainAvroSerdes serdes = new PlainAvroSerdes();
    final PipelineMetrics metrics = PipelineMetrics.standalone();
    final TopologySettings settings;
    final TopologyTestDriver driver;
    final TestInputTopic<String, SpecificRecord> flows;
    final TestInputTopic<String, byte[]> rawFlows;
    final TestInputTopic<String, Node> nodes;
    final TestOutputTopic<String, LinkWindow> links;
    final TestOutputTopic<String, DnsWindow> dns;
    final TestOutputTopic<String, LatencyWindow> latency;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Path stateDir;

    /** With the alert rules as the listener of closed windows unless {@code listeners} is given. */
    TopologyHarness(TopologySettings settings, ClosedWindowListener.Factory listeners) {
        this.settings = settings;
        try {
            stateDir = Files.createTempDirectory("flowpulse-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "flowpulse-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(DeadLetterHandlers.streamsProperties(Topics.DLQ, metrics));
        driver = new TopologyTestDriver(listeners == null ? FlowpulseTopology.build(settings, serdes, metrics)
                : FlowpulseTopology.build(settings, serdes, metrics, listeners), props);
        flows = driver.createInputTopic(settings.flowsTopic(), new StringSerializer(), serdes.flowEvents().serializer());
        rawFlows = driver.createInputTopic(settings.flowsTopic(), new StringSerializer(), new ByteArraySerializer());
        nodes = driver.createInputTopic(settings.nodesTopic(), new StringSerializer(), serdes.node().serializer());
        links = driver.createOutputTopic(settings.linksTopic(), new StringDeserializer(), serdes.linkWindow().deserializer());
        dns = driver.createOutputTopic(settings.dnsTopic(), new StringDeserializer(), serdes.dnsWindow().deserializer());
        latency = driver.createOutputTopic(settings.latencyTopic(), new StringDeserializer(),
                serdes.latencyWindow().deserializer());
        alerts = driver.createOutputTopic(settings.alertsTopic(), new StringDeserializer(), serdes.alert().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    TopologyHarness(TopologySettings settings) {
        this(settings, null);
    }

    void send(SpecificRecord value, Instant time, String node) {
        flows.pipeInput(new TestRecord<>(node, value, time));
    }

    void endOfStream(Instant time) {
        flows.pipeInput(new TestRecord<>(EndOfStream.KEY, null, time));
    }

    static <V> List<V> values(TestOutputTopic<String, V> topic) {
        return topic.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
