package io.flowpulse.flink.kafka;

import io.flowpulse.flink.model.AlertChange;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Alert state changes as records of the alerts topic: key = alert id, value = Alert (Confluent wire format), timestamp = the closed window's start. */
public final class AlertsSerializer implements KafkaRecordSerializationSchema<AlertChange> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final LinkedHashMap<String, String> registryConfig;
    private transient Serializer<Alert> alerts;

    public AlertsSerializer(String topic, Map<String, String> registryConfig) {
        this.topic = topic;
        this.registryConfig = new LinkedHashMap<>(registryConfig);
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        alerts = AvroSerde.specific(Alert.class, AvroSerdeConfig.registryClient(registryConfig)).serializer();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(AlertChange change, KafkaSinkContext context, Long timestamp) {
        Alert alert = AvroBinary.decode(change.alert, Alert.class);
        return new ProducerRecord<>(topic, null, Math.max(0, change.windowStart),
                change.id.getBytes(StandardCharsets.UTF_8), alerts.serialize(topic, alert));
    }
}
