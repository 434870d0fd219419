package io.flowpulse.flink.kafka;

import io.flowpulse.flink.model.FlowsRecord;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import io.flowpulse.streams.topology.EndOfStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads a record of the flows topic into a {@link FlowsRecord}: partition, offset, key, event time
 * ({@link EventTimes}) and the value bytes, which stage 1 decodes. The end-of-replay marker of the
 * streams module ({@link EndOfStream}) becomes a marker record; a value that is not in the Confluent
 * wire format, or whose schema is unknown, becomes an invalid record for the dead-letter topic. The
 * job never fails on input.
 */
public final class FlowsDeserializer implements KafkaRecordDeserializationSchema<FlowsRecord> {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, String> registryConfig;
    private transient EventTimes eventTimes;

    public FlowsDeserializer(Map<String, String> registryConfig) {
        this.registryConfig = new LinkedHashMap<>(registryConfig);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        eventTimes = new EventTimes(AvroSerdeConfig.registryClient(registryConfig));
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<FlowsRecord> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (EndOfStream.isMarker(key)) {
            out.collect(FlowsRecord.endMarker(record.partition(), record.offset(), Math.max(0, record.timestamp())));
            return;
        }
        long timestamp = Math.max(0, record.timestamp());
        if (record.value() == null) {
            out.collect(FlowsRecord.invalid(record.partition(), record.offset(), key, timestamp, null,
                    "flows record with key '" + key + "' has no value; only the end marker (key " + EndOfStream.KEY
                            + ") may be null"));
            return;
        }
        if (eventTimes == null) {
            open(null);
        }
        try {
            long time = eventTimes.millis(record.topic(), record.value());
            out.collect(FlowsRecord.value(record.partition(), record.offset(), key, time, record.value()));
        } catch (SerializationException e) {
            out.collect(FlowsRecord.invalid(record.partition(), record.offset(), key, timestamp, record.value(),
                    "cannot deserialize the value: " + e.getMessage()));
        }
    }

    @Override
    public TypeInformation<FlowsRecord> getProducedType() {
        return Types.POJO(FlowsRecord.class);
    }
}
