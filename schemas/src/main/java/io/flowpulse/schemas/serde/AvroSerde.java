package io.flowpulse.schemas.serde;

import io.flowpulse.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro {@link Serde} in the Confluent wire format. In code: {@link #specific}, {@link #generic}
 * or {@link #builder()}; from Kafka configuration: the no-argument constructor plus
 * {@link #configure} with the keys of {@link AvroSerdeConfig}.
 */
public class AvroSerde<T> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /** For Kafka's reflective instantiation; call {@link #configure} before use. */
    public AvroSerde() {
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>();
    }

    AvroSerde(SerdeSettings settings) {
        this.serializer = new AvroSerializer<>(settings);
        this.deserializer = new AvroDeserializer<>(settings);
    }

    /** Values (or keys) of one generated class, read back into that class. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, SchemaRegistryClient client) {
        return AvroSerde.<T>builder().registry(client).readerSchema(SpecificData.get().getSchema(type)).build();
    }

    /** GenericRecords, each written with its own schema and read back with the writer's schema. */
    public static AvroSerde<GenericRecord> generic(SchemaRegistryClient client) {
        return AvroSerde.<GenericRecord>builder().registry(client).generic().build();
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }

    /**
     * Settings in code. Defaults: values (not keys), TopicNameStrategy, auto-registration on,
     * specific reader, each record written with its own schema.
     */
    public static final class Builder<T> {
        private SchemaRegistryClient client;
        private boolean isKey;
        private SubjectNameStrategy subjectNameStrategy = SubjectNameStrategy.TOPIC_NAME;
        private boolean autoRegister = true;
        private boolean specificReader = true;
        private Schema writerSchema;
        private Schema readerSchema;
        private ClassLoader classLoader = AvroSerde.class.getClassLoader();

        private Builder() {
        }

        public Builder<T> registry(SchemaRegistryClient client) {
            this.client = Objects.requireNonNull(client);
            return this;
        }

        public Builder<T> registryUrl(String url) {
            return registry(SchemaRegistryClient.builder(url).build());
        }

        /** For record keys: the subject becomes {@code <topic>-key} under TopicNameStrategy. */
        public Builder<T> forKeys() {
            this.isKey = true;
            return this;
        }

        public Builder<T> subjectNameStrategy(SubjectNameStrategy strategy) {
            this.subjectNameStrategy = Objects.requireNonNull(strategy);
            return this;
        }

        /** Off: only look up the ids of schemas registered beforehand, never register. */
        public Builder<T> autoRegister(boolean autoRegister) {
            this.autoRegister = autoRegister;
            return this;
        }

        /** Read into GenericRecords instead of generated classes. */
        public Builder<T> generic() {
            this.specificReader = false;
            return this;
        }

        /** Write every value with this schema, e.g. a union of the record types a topic carries. */
        public Builder<T> writerSchema(Schema schema) {
            this.writerSchema = Objects.requireNonNull(schema);
            return this;
        }

        /** Read every value into this schema instead of one derived from the writer schema. */
        public Builder<T> readerSchema(Schema schema) {
            this.readerSchema = Objects.requireNonNull(schema);
            return this;
        }

        public Builder<T> classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader);
            return this;
        }

        public AvroSerde<T> build() {
            return new AvroSerde<>(settings());
        }

        public AvroSerializer<T> buildSerializer() {
            return new AvroSerializer<>(settings());
        }

        public AvroDeserializer<T> buildDeserializer() {
            return new AvroDeserializer<>(settings());
        }

        private SerdeSettings settings() {
            if (client == null) {
                throw new IllegalStateException("set the schema registry (registry(client) or registryUrl(url))");
            }
            return new SerdeSettings(client, isKey, subjectNameStrategy, autoRegister, specificReader,
                    writerSchema, readerSchema, classLoader);
        }
    }
}
