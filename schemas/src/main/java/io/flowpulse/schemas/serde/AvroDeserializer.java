package io.flowpulse.schemas.serde;

import io.flowpulse.schemas.registry.SchemaNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format: fetches the writer schema by the id in the header (once per
 * id) and resolves it against the reader schema, into generated SpecificRecord classes or into
 * GenericRecords. Thread-safe.
 *
 * <p>Bad bytes (no magic byte, too short, unknown schema id, corrupt Avro body, trailing bytes, a
 * length beyond {@link AvroReadLimits})
 * throw {@link SerializationException} so that a deserialization handler can route the record to
 * the dead-letter topic. A registry that cannot be reached throws
 * {@link io.flowpulse.schemas.registry.SchemaRegistryException} instead: the bytes may be fine.
 */
public class AvroDeserializer<T> implements Deserializer<T> {
    static {
        AvroReadLimits.apply();
    }

    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private final boolean preconfigured;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> readerSchemas = new ConcurrentHashMap<>();
    private SerdeSettings settings;
    private SpecificData specificModel;
    private GenericData genericModel;

    /** For Kafka's reflective instantiation; call {@link #configure} before use. */
    public AvroDeserializer() {
        this.preconfigured = false;
    }

    AvroDeserializer(SerdeSettings settings) {
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
        this.specificModel = AvroModels.specific(settings.classLoader());
        this.genericModel = AvroModels.generic();
        readers.clear();
        readerSchemas.clear();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (settings == null) {
            throw new IllegalStateException("AvroDeserializer is not configured: call configure() or use AvroSerde.builder()");
        }
        String source = settings.keyOrValue() + " of topic " + topic;
        int schemaId = WireFormat.schemaId(data, source);
        DatumReader<Object> reader = readers.get(schemaId);
        if (reader == null) {
            reader = newReader(schemaId, source);
            readers.put(schemaId, reader);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH, DECODERS.get());
        DECODERS.set(decoder);
        Object value;
        try {
            value = reader.read(null, decoder);
        } catch (AvroTypeException e) {
            throw new SerializationException("The " + source + " (" + data.length + " bytes, schema id " + schemaId
                    + ") cannot be read with the reader schema " + AvroSerializer.describe(readerSchemas.get(schemaId))
                    + ", or its Avro body is corrupt: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Corrupt Avro body in the " + source + " (" + data.length
                    + " bytes, schema id " + schemaId + "): " + e, e);
        }
        int trailing = trailingBytes(decoder);
        if (trailing > 0) {
            throw new SerializationException("Corrupt Avro body in the " + source + " (" + data.length
                    + " bytes, schema id " + schemaId + "): " + trailing
                    + " byte(s) left over after the value; the bytes were not written with this schema");
        }
        return (T) value;
    }

    private static int trailingBytes(BinaryDecoder decoder) {
        try {
            return decoder.isEnd() ? 0 : Math.max(1, decoder.inputStream().available());
        } catch (IOException e) {
            return 1;
        }
    }

    private DatumReader<Object> newReader(int schemaId, String source) {
        Schema writer;
        try {
            writer = settings.client().getSchemaById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new SerializationException("Unknown schema id " + schemaId + " in the " + source
                    + ": the registry at " + settings.client().url() + " has no schema with this id", e);
        }
        if (!settings.specificReader()) {
            Schema reader = settings.readerSchema() == null ? writer : settings.readerSchema();
            readerSchemas.put(schemaId, reader);
            return new GenericDatumReader<>(writer, reader, genericModel);
        }
        Schema reader = settings.readerSchema() != null ? settings.readerSchema() : specificReaderSchema(writer, schemaId, source);
        readerSchemas.put(schemaId, reader);
        return new SpecificDatumReader<>(writer, reader, specificModel);
    }

    /**
     * The generated classes' own schemas in place of each record of the writer schema, so that
     * values of an older or newer writer version land in the fields the classes have.
     */
    private Schema specificReaderSchema(Schema writer, int schemaId, String source) {
        if (writer.getType() == Schema.Type.UNION) {
            List<Schema> branches = new ArrayList<>();
            for (Schema branch : writer.getTypes()) {
                branches.add(branch.getType() == Schema.Type.RECORD ? generatedSchema(branch, schemaId, source) : branch);
            }
            return Schema.createUnion(branches);
        }
        return writer.getType() == Schema.Type.RECORD ? generatedSchema(writer, schemaId, source) : writer;
    }

    private Schema generatedSchema(Schema record, int schemaId, String source) {
        Class<?> type = specificModel.getClass(record);
        if (type == null) {
            throw new SerializationException("No generated class " + record.getFullName() + " on the class path to read the "
                    + source + " (schema id " + schemaId + ") as a SpecificRecord; read it as a GenericRecord instead");
        }
        return specificModel.getSchema(type);
    }

    @Override
    public void close() {
        // the registry client holds no resources that need closing
    }
}
