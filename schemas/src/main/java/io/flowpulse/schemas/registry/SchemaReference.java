package io.flowpulse.schemas.registry;

import java.util.Objects;

/**
 * One entry of a schema's {@code references} array: the named type {@code name} is defined
 * by version {@code version} of subject {@code subject}.
 */
public record SchemaReference(String name, String subject, int version) {
    public SchemaReference {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
    }
}
