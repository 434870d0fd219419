package io.flowpulse.schemas.serde;

import io.flowpulse.schemas.registry.SchemaNotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.UnresolvedUnionException;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated SpecificRecords or GenericRecords) in the Confluent wire format.
 * The writer schema is either fixed (e.g. a union of records for a topic carrying several types)
 * or each record's own schema; it is registered, or only looked up when auto-registration is off,
 * under the subject the strategy names, once per topic and schema. Thread-safe.
 *
 * <p>Built through {@link AvroSerde#builder()}, or by Kafka from a class name and configured with
 * the keys of {@link AvroSerdeConfig}; {@link #configure} is ignored on built instances.
 */
public class AvroSerializer<T> implements Serializer<T> {
    private static final ThreadLocal<EncodeBuffer> BUFFERS = ThreadLocal.withInitial(EncodeBuffer::new);

    private final boolean preconfigured;
    private final Map<WriterKey, Writer> writers = new ConcurrentHashMap<>();
    private SerdeSettings settings;
    private SpecificData model;

    private record WriterKey(String topic, Schema schema) {
    }

    private record Writer(int schemaId, Schema schema, DatumWriter<Object> datumWriter) {
    }

    /** Reusable output of one thread: the header is written in place, then the Avro body. */
    private static final class EncodeBuffer extends ByteArrayOutputStream {
        private final byte[] header = new byte[WireFormat.HEADER_LENGTH];
        private BinaryEncoder encoder;

        EncodeBuffer() {
            super(512);
        }
    }

    /** For Kafka's reflective instantiation; call {@link #configure} before use. */
    public AvroSerializer() {
        this.preconfigured = false;
    }

    AvroSerializer(SerdeSettings settings) {
        this.preconfigured = true;
        init(settings);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (!preconfigured) {
            init(AvroSerdeConfig.settings(configs, isKey));
        }
    }

    void init(SerdeSettings settings) {
        this.settings = settings;
        // the specific model writes generated classes and falls back to generic behaviour for GenericRecords
        this.model = AvroModels.specific(settings.classLoader());
        writers.clear();
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (settings == null) {
            throw new IllegalStateException("AvroSerializer is not configured: call configure() or use AvroSerde.builder()");
        }
        Schema schema = writerSchemaFor(topic, data);
        Writer writer = writers.get(new WriterKey(topic, schema));
        if (writer == null) {
            writer = newWriter(topic, schema);
            writers.put(new WriterKey(topic, schema), writer);
        }
        return encode(topic, data, writer);
    }

    private Schema writerSchemaFor(String topic, T data) {
        if (settings.writerSchema() != null) {
            return settings.writerSchema();
        }
        if (data instanceof GenericContainer container) {
            return container.getSchema();
        }
        throw new SerializationException("Cannot write a " + data.getClass().getName() + " as the Avro "
                + settings.keyOrValue() + " of topic " + topic
                + ": expected a SpecificRecord or GenericRecord, or configure a fixed writer schema");
    }

    private Writer newWriter(String topic, Schema schema) {
        String subject;
        try {
            subject = settings.subjectNameStrategy().subject(topic, settings.isKey(), schema);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("Cannot name the registry subject for topic " + topic + ": " + e.getMessage(), e);
        }
        int id;
        if (settings.autoRegister()) {
            id = settings.client().register(subject, schema);
        } else {
            try {
                id = settings.client().lookupId(subject, schema);
            } catch (SchemaNotFoundException e) {
                throw new SerializationException("The " + settings.keyOrValue() + " schema " + describe(schema)
                        + " is not registered under subject '" + subject + "' and auto-registration is off ("
                        + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=false): " + e.getMessage(), e);
            }
        }
        return new Writer(id, schema, new SpecificDatumWriter<>(schema, model));
    }

    private byte[] encode(String topic, Object data, Writer writer) {
        EncodeBuffer buffer = BUFFERS.get();
        buffer.reset();
        WireFormat.writeHeader(buffer.header, writer.schemaId());
        buffer.write(buffer.header, 0, WireFormat.HEADER_LENGTH);
        // buffered: the encoder fills its own array and hands the stream whole blocks
        buffer.encoder = EncoderFactory.get().binaryEncoder(buffer, buffer.encoder);
        try {
            writer.datumWriter().write(data, buffer.encoder);
            buffer.encoder.flush();
        } catch (UnresolvedUnionException e) {
            buffer.encoder = null;
            throw new SerializationException("Cannot write the " + settings.keyOrValue() + " of topic " + topic
                    + ": a " + typeName(data) + " is not one of the types of the writer schema "
                    + describe(writer.schema()) + " (schema id " + writer.schemaId() + ")", e);
        } catch (IOException | RuntimeException e) {
            // the encoder may hold bytes of the failed value; a reused one would flush them into the next value
            buffer.encoder = null;
            throw new SerializationException("Cannot encode the " + settings.keyOrValue() + " of topic " + topic
                    + " (" + typeName(data) + ") with schema id " + writer.schemaId() + ": " + e, e);
        }
        return buffer.toByteArray();
    }

    private static String typeName(Object data) {
        return data instanceof GenericContainer container && container.getSchema().getType() == Schema.Type.RECORD
                ? "record " + container.getSchema().getFullName() : data.getClass().getName();
    }

    static String describe(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            StringBuilder names = new StringBuilder("[");
            for (Schema branch : schema.getTypes()) {
                names.append(names.length() > 1 ? ", " : "").append(branch.getFullName());
            }
            return names.append(']').toString();
        }
        return schema.getFullName();
    }

    @Override
    public void close() {
        // the registry client holds no resources that need closing
    }
}
