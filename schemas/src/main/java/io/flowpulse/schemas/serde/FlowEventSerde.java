package io.flowpulse.schemas.serde;

import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Serde of the values of {@value Topics#FLOWS}: {@link Flow} and {@link LostEvents} records, both
 * written against the one registered union schema {@code ["Flow", "LostEvents"]} and read back
 * into the matching generated class.
 */
public class FlowEventSerde extends AvroSerde<SpecificRecord> {
    /** The registered value schema of {@value Topics#FLOWS}. */
    public static final Schema VALUE_SCHEMA = Schema.createUnion(Flow.getClassSchema(), LostEvents.getClassSchema());

    /** For Kafka's reflective instantiation (e.g. as a default value serde); configure before use. */
    public FlowEventSerde() {
        super();
    }

    private FlowEventSerde(SerdeSettings settings) {
        super(settings);
    }

    public static FlowEventSerde create(SchemaRegistryClient client) {
        return create(client, true);
    }

    public static FlowEventSerde create(SchemaRegistryClient client, boolean autoRegister) {
        return new FlowEventSerde(new SerdeSettings(client, false, SubjectNameStrategy.TOPIC_NAME, autoRegister,
                true, VALUE_SCHEMA, null, FlowEventSerde.class.getClassLoader()));
    }

    /** Applies the registry keys of {@code configs}; the writer schema and the specific reader are fixed. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> fixed = new HashMap<>(configs);
        String schemaKey = isKey ? AvroSerdeConfig.KEY_SCHEMA : AvroSerdeConfig.VALUE_SCHEMA;
        String classesKey = isKey ? AvroSerdeConfig.KEY_SCHEMA_CLASSES : AvroSerdeConfig.VALUE_SCHEMA_CLASSES;
        fixed.remove(classesKey);
        fixed.put(schemaKey, VALUE_SCHEMA.toString());
        fixed.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
        fixed.remove(isKey ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE);
        super.configure(fixed, isKey);
    }
}
