package io.flowpulse.schemas.serde;

import io.flowpulse.schemas.registry.SchemaRegistryClient;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Resolved settings of one serializer or deserializer.
 *
 * @param writerSchema fixed schema to write every value with (e.g. a union of records); null to
 *                     write each value with its own schema
 * @param readerSchema fixed schema to read into; null to derive it from the writer schema
 *                     (the generated classes' schemas in specific mode, the writer schema itself
 *                     in generic mode)
 */
record SerdeSettings(SchemaRegistryClient client, boolean isKey, SubjectNameStrategy subjectNameStrategy,
                     boolean autoRegister, boolean specificReader, Schema writerSchema, Schema readerSchema,
                     ClassLoader classLoader) {
    SerdeSettings {
        Objects.requireNonNull(client, "schema registry client");
        Objects.requireNonNull(subjectNameStrategy, "subject name strategy");
        Objects.requireNonNull(classLoader, "class loader");
    }

    String keyOrValue() {
        return isKey ? "key" : "value";
    }
}
