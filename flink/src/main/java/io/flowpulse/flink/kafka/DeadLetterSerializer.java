package io.flowpulse.flink.kafka;

import io.flowpulse.flink.model.DeadLetter;
import io.flowpulse.schemas.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Flows records the job could not process, to the dead-letter topic: the original key and bytes, the reason and origin in the {@link DeadLetters} headers. */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;
    static final String STAGE = "flink";

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, DeadLetters.REASON, letter.reason);
        add(headers, DeadLetters.EXCEPTION, letter.exception);
        add(headers, DeadLetters.STAGE, STAGE);
        add(headers, DeadLetters.ORIGIN_TOPIC, letter.topic);
        add(headers, DeadLetters.ORIGIN_PARTITION, Integer.toString(letter.partition));
        add(headers, DeadLetters.ORIGIN_OFFSET, Long.toString(letter.offset));
        return new ProducerRecord<>(topic, null, null,
                letter.key == null ? null : letter.key.getBytes(StandardCharsets.UTF_8), letter.value, headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
