package io.flowpulse.streams.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** Sends records that cannot be deserialized to the dead-letter topic and goes on with the next one. */
public final class DeadLetterDeserializationHandler extends DeadLetterHandler implements DeserializationExceptionHandler {

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return Response.resume(deadLetter("cannot deserialize the record", exception,
                record.topic(), record.partition(), record.offset(), record.key(), record.value()));
    }
}
