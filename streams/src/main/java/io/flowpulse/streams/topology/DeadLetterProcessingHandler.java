package io.flowpulse.streams.topology;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends the source record of a processing failure (e.g. a flow the analytics reject) to the
 * dead-letter topic, with the original bytes, and goes on with the next record.
 */
public final class DeadLetterProcessingHandler extends DeadLetterHandler implements ProcessingExceptionHandler {

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        return Response.resume(deadLetter("processing failed in " + context.processorNodeId(), exception,
                context.topic(), context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue()));
    }
}
