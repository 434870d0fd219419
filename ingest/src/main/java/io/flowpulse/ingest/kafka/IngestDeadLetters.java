package io.flowpulse.ingest.kafka;

import io.flowpulse.schemas.DeadLetterRecord;
import org.apache.kafka.clients.producer.Producer;

/** Sends what ingest cannot use to the dead-letter topic, with the reason and origin in headers. */
public final class IngestDeadLetters {

    private static final String STAGE = "ingest";

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public IngestDeadLetters(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** An invalid line of a capture file: the value is the line's bytes as they were read. */
    public void invalidLine(String file, long lineNumber, byte[] line, String reason) {
        producer.send(DeadLetterRecord.from(STAGE, reason).originLine(file, lineNumber).toRecord(topic, null, line));
    }

    /** A record that could not be produced (e.g. it failed to serialize). */
    public void unpublishable(byte[] key, byte[] value, String reason, Throwable error) {
        producer.send(DeadLetterRecord.from(STAGE, reason).exception(error).toRecord(topic, key, value));
    }
}
