package io.flowpulse.schemas.registry;

/** The registry refused a schema (HTTP 409) because it breaks the subject's compatibility rule. */
public class IncompatibleSchemaException extends SchemaRegistryException {
    private final String subject;

    public IncompatibleSchemaException(String subject, String registryMessage, int errorCode) {
        super("Schema is incompatible with the versions already registered under subject '" + subject
                + "' (the subject's compatibility rule refused it): " + registryMessage, 409, errorCode, null);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
