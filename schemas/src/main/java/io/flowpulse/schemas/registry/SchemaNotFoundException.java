package io.flowpulse.schemas.registry;

/**
 * The registry does not know the subject, version or schema id that was asked for
 * (HTTP 404, Confluent error codes 40401 subject, 40402 version, 40403 schema).
 */
public class SchemaNotFoundException extends SchemaRegistryException {
    public SchemaNotFoundException(String message, int errorCode) {
        super(message, 404, errorCode, null);
    }
}
