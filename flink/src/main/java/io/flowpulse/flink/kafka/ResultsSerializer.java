package io.flowpulse.flink.kafka;

import io.flowpulse.flink.model.WindowPart;
import io.flowpulse.flink.operators.FinalRecords;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import io.flowpulse.streams.logic.dns.SuspiciousNames;
import io.flowpulse.streams.topology.AggregateTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Final aggregates as records of the results topics, as the streams topology writes them: key =
 * the output key as UTF-8 ({@code <level>|<src>|<dst>}, the client, {@code <level>|<kind>|<src>|<dst>}),
 * value = LinkWindow / DnsWindow / LatencyWindow in the Confluent wire format (subject
 * {@code <topic>-value}), timestamp = the window start. Lost-events aggregates have no topic and are
 * skipped.
 */
public final class ResultsSerializer implements KafkaRecordSerializationSchema<WindowPart> {

    private static final long serialVersionUID = 1L;

    private final String linksTopic;
    private final String dnsTopic;
    private final String latencyTopic;
    private final long windowMillis;
    private final int suspiciousLabelLength;
    private final double suspiciousEntropyBits;
    private final LinkedHashMap<String, String> registryConfig;

    private transient FinalRecords finals;
    private transient Serializer<LinkWindow> links;
    private transient Serializer<DnsWindow> dns;
    private transient Serializer<LatencyWindow> latency;

    public ResultsSerializer(String linksTopic, String dnsTopic, String latencyTopic, Duration windowSize,
                             SuspiciousNames suspiciousNames, Map<String, String> registryConfig) {
        this.linksTopic = linksTopic;
        this.dnsTopic = dnsTopic;
        this.latencyTopic = latencyTopic;
        this.windowMillis = windowSize.toMillis();
        this.suspiciousLabelLength = suspiciousNames.minLabelLength();
        this.suspiciousEntropyBits = suspiciousNames.minEntropyBits();
        this.registryConfig = new LinkedHashMap<>(registryConfig);
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        SchemaRegistryClient registry = AvroSerdeConfig.registryClient(registryConfig);
        finals = new FinalRecords(new AggregateTypes(new SuspiciousNames(suspiciousLabelLength, suspiciousEntropyBits)),
                Duration.ofMillis(windowMillis));
        links = AvroSerde.specific(LinkWindow.class, registry).serializer();
        dns = AvroSerde.specific(DnsWindow.class, registry).serializer();
        latency = AvroSerde.specific(LatencyWindow.class, registry).serializer();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(WindowPart part, KafkaSinkContext context, Long timestamp) {
        SpecificRecord record = finals.of(part);
        byte[] key = part.outputKey.getBytes(StandardCharsets.UTF_8);
        long time = Math.max(0, part.windowStart);
        if (record instanceof LinkWindow link) {
            return new ProducerRecord<>(linksTopic, null, time, key, links.serialize(linksTopic, link));
        }
        if (record instanceof DnsWindow d) {
            return new ProducerRecord<>(dnsTopic, null, time, key, dns.serialize(dnsTopic, d));
        }
        if (record instanceof LatencyWindow l) {
            return new ProducerRecord<>(latencyTopic, null, time, key, latency.serialize(latencyTopic, l));
        }
        return null;
    }
}
