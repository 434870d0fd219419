package io.flowpulse.ingest.kafka;

import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/** The flows topic's value serializer: Avro records through the registry serde, {@link PreEncodedValue}s as they are. */
public final class FlowValueSerializer implements Serializer<Object> {

    private final Serializer<Object> records;

    public FlowValueSerializer(Serializer<Object> records) {
        this.records = records;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        records.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        return data instanceof PreEncodedValue encoded ? encoded.bytes() : records.serialize(topic, data);
    }

    @Override
    public void close() {
        records.close();
    }
}
