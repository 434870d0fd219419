package io.flowpulse.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The one builder of dead-letter records for every stage: the original key and value bytes, and in
 * the {@link DeadLetters} headers why the stage gave up and where the record came from (a topic,
 * partition and offset, or a capture file and line).
 *
 * <pre>
 * DeadLetterRecord.from("sink", "no table for topic x").exception(e).origin(topic, 2, 417).toRecord(dlqTopic, key, value)
 * </pre>
 */
public final class DeadLetterRecord {

    private final RecordHeaders headers = new RecordHeaders();

    private DeadLetterRecord(String stage, String reason) {
        add(DeadLetters.REASON, reason);
        add(DeadLetters.STAGE, stage);
    }

    /** {@code stage}: ingest, streams or sink; {@code reason}: a sentence a person can act on. */
    public static DeadLetterRecord from(String stage, String reason) {
        return new DeadLetterRecord(stage, reason);
    }

    /** The exception's class name, when there was one ({@code null} adds nothing). */
    public DeadLetterRecord exception(Throwable error) {
        if (error != null) {
            add(DeadLetters.EXCEPTION, error.getClass().getName());
        }
        return this;
    }

    /** Where in Kafka the record was read ({@code topic == null} adds nothing). */
    public DeadLetterRecord origin(String topic, int partition, long offset) {
        if (topic != null) {
            add(DeadLetters.ORIGIN_TOPIC, topic);
            add(DeadLetters.ORIGIN_PARTITION, Integer.toString(partition));
            add(DeadLetters.ORIGIN_OFFSET, Long.toString(offset));
        }
        return this;
    }

    /** Which capture file and 1-based line the record was read from. */
    public DeadLetterRecord originLine(String file, long lineNumber) {
        add(DeadLetters.ORIGIN_FILE, file);
        add(DeadLetters.ORIGIN_LINE, Long.toString(lineNumber));
        return this;
    }

    public ProducerRecord<byte[], byte[]> toRecord(String dlqTopic, byte[] key, byte[] value) {
        return new ProducerRecord<>(dlqTopic, null, null, key, value, headers);
    }

    /** {@code what} followed by the messages of the exception and up to three causes, for the reason header. */
    public static String describe(String what, Throwable exception) {
        StringBuilder reason = new StringBuilder(what);
        Throwable current = exception;
        int depth = 0;
        while (current != null && depth++ < 4) {
            reason.append(": ").append(current.getMessage() == null ? current.getClass().getSimpleName() : current.getMessage());
            current = current.getCause() == current ? null : current.getCause();
        }
        return reason.toString();
    }

    private void add(String header, String value) {
        headers.add(header, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
