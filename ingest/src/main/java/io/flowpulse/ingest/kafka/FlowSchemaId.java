package io.flowpulse.ingest.kafka;

import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.schemas.serde.SubjectNameStrategy;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry id of the flows topic's value schema, registered (or found) once, as the serde
 * registers it. While the registry cannot be reached, {@link #get} answers null and asks again
 * at most every {@link #RETRY_AFTER}; records then take the serializer's path, which reports.
 */
public final class FlowSchemaId {

    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(FlowSchemaId.class);

    private final SchemaRegistryClient client;
    private final String subject;
    private volatile Integer id;
    private volatile long nextAttemptNanos = System.nanoTime();

    public FlowSchemaId(SchemaRegistryClient client, String flowsTopic) {
        this.client = client;
        this.subject = SubjectNameStrategy.TOPIC_NAME.subject(flowsTopic, false, FlowEventSerde.VALUE_SCHEMA);
    }

    public Integer get() {
        Integer known = id;
        if (known != null || System.nanoTime() < nextAttemptNanos) {
            return known;
        }
        try {
            id = client.register(subject, FlowEventSerde.VALUE_SCHEMA);
        } catch (RuntimeException e) {
            nextAttemptNanos = System.nanoTime() + RETRY_AFTER.toNanos();
            log.warn("cannot register the flows value schema under {} ({}); encoding through the serializer meanwhile",
                    subject, e.getMessage());
        }
        return id;
    }
}
