package io.flowpulse.streams.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends records that cannot be deserialized to the dead-letter topic and goes on with the next one. */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String dlqTopic;
    private PipelineMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        dlqTopic = DeadLetterRecords.topic(configs);
        metrics = DeadLetterRecords.metrics(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String reason = DeadLetterRecords.describe("cannot deserialize the record", exception);
        LOG.warn("{}-{}@{}: {}; sent to {}", record.topic(), record.partition(), record.offset(), reason, dlqTopic);
        if (metrics != null) {
            metrics.deadLetters().increment();
        }
        return Response.resume(List.of(DeadLetterRecords.of(dlqTopic, record.key(), record.value(), reason, exception,
                record.topic(), record.partition(), record.offset())));
    }
}
