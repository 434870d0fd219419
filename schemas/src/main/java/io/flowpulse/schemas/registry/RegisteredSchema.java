package io.flowpulse.schemas.registry;

import java.util.List;

/** A schema version as the registry stores it: the raw schema text and its references. */
public record RegisteredSchema(String subject, int version, int id, String schema, List<SchemaReference> references) {
    public RegisteredSchema {
        references = List.copyOf(references);
    }
}
