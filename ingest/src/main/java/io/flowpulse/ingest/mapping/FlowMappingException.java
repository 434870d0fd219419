package io.flowpulse.ingest.mapping;

/** A Hubble event that cannot become an Avro record because something the schema requires is missing. */
public class FlowMappingException extends RuntimeException {

    public FlowMappingException(String message) {
        super(message);
    }
}
