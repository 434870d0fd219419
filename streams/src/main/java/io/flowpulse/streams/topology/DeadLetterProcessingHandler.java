package io.flowpulse.streams.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the source record of a processing failure (e.g. a flow the analytics reject) to the
 * dead-letter topic, with the original bytes, and goes on with the next record.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private String dlqTopic;
    private PipelineMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        dlqTopic = DeadLetterRecords.topic(configs);
        metrics = DeadLetterRecords.metrics(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason = DeadLetterRecords.describe("processing failed in " + context.processorNodeId(), exception);
        LOG.warn("{}-{}@{}: {}; sent to {}", context.topic(), context.partition(), context.offset(), reason, dlqTopic);
        if (metrics != null) {
            metrics.deadLetters().increment();
        }
        return Response.resume(List.of(DeadLetterRecords.of(dlqTopic, context.sourceRawKey(), context.sourceRawValue(),
                reason, exception, context.topic(), context.partition(), context.offset())));
    }
}
