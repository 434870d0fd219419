package io.flowpulse.ingest.kafka;

import io.flowpulse.schemas.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Sends what ingest cannot use to the dead-letter topic, with the reason and origin in headers. */
public final class DeadLetterPublisher {

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** An invalid line of a capture file: the value is the line's bytes as they were read. */
    public void invalidLine(String file, long lineNumber, byte[] line, String reason) {
        RecordHeaders headers = base(reason, null);
        headers.add(DeadLetters.ORIGIN_FILE, utf8(file));
        headers.add(DeadLetters.ORIGIN_LINE, utf8(Long.toString(lineNumber)));
        producer.send(new ProducerRecord<>(topic, null, null, null, line, headers));
    }

    /** A record that could not be produced (e.g. it failed to serialize). */
    public void unpublishable(byte[] key, byte[] value, String reason, Throwable error) {
        producer.send(new ProducerRecord<>(topic, null, null, key, value, base(reason, error)));
    }

    private static RecordHeaders base(String reason, Throwable error) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, utf8(reason));
        headers.add(DeadLetters.STAGE, utf8("ingest"));
        if (error != null) {
            headers.add(DeadLetters.EXCEPTION, utf8(error.getClass().getName()));
        }
        return headers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
