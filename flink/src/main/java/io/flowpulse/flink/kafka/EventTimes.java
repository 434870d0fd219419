package io.flowpulse.flink.kafka;

import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.schemas.serde.WireFormat;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The event time of a flows-topic value (the {@code time} of its Flow or LostEvents record, epoch
 * milliseconds), for the source's watermarks, without decoding the whole record where the writer
 * schema allows: when every record of the writer schema (the registered union, or a single record)
 * starts with the {@code long time} field, the time is the first long of the Avro body (after the
 * union branch index). Other writer schemas are decoded in full. The schema is looked up once per id.
 */
public final class EventTimes {

    private final SchemaRegistryClient registry;
    private final Deserializer<SpecificRecord> fullDecoder;
    /** Per writer schema id: the number of union branches whose time can be read directly, 0 for a plain record, -1 for none. */
    private final Map<Integer, Integer> layouts = new ConcurrentHashMap<>();
    private BinaryDecoder decoder;

    public EventTimes(SchemaRegistryClient registry) {
        this.registry = registry;
        this.fullDecoder = FlowEventSerde.create(registry, false).deserializer();
    }

    /**
     * @throws SerializationException when the bytes are not a flows value in the Confluent wire format
     */
    public long millis(String topic, byte[] value) {
        int schemaId = WireFormat.schemaId(value, "value of topic " + topic);
        int layout = layouts.computeIfAbsent(schemaId, this::layoutOf);
        if (layout < 0) {
            return decodedMillis(topic, value);
        }
        decoder = DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_LENGTH,
                value.length - WireFormat.HEADER_LENGTH, decoder);
        try {
            if (layout > 0) {
                int branch = decoder.readIndex();
                if (branch < 0 || branch >= layout) {
                    throw new SerializationException("Corrupt Avro body in the value of topic " + topic
                            + ": union branch " + branch + " of " + layout);
                }
            }
            return Math.floorDiv(decoder.readLong(), 1000L);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException s) {
                throw s;
            }
            throw new SerializationException("Corrupt Avro body in the value of topic " + topic + ": " + e, e);
        }
    }

    private long decodedMillis(String topic, byte[] value) {
        SpecificRecord record = fullDecoder.deserialize(topic, value);
        if (record instanceof Flow flow) {
            return flow.getTime().toEpochMilli();
        }
        if (record instanceof LostEvents lost) {
            return lost.getTime().toEpochMilli();
        }
        throw new SerializationException("unexpected value type on topic " + topic + ": "
                + (record == null ? "null" : record.getClass().getName()));
    }

    private int layoutOf(int schemaId) {
        Schema writer = registry.getSchemaById(schemaId);
        if (writer.getType() == Schema.Type.RECORD) {
            return startsWithTime(writer) ? 0 : -1;
        }
        if (writer.getType() == Schema.Type.UNION) {
            List<Schema> branches = writer.getTypes();
            return branches.stream().allMatch(EventTimes::startsWithTime) ? branches.size() : -1;
        }
        return -1;
    }

    private static boolean startsWithTime(Schema record) {
        return record.getType() == Schema.Type.RECORD && !record.getFields().isEmpty()
                && record.getFields().get(0).name().equals("time")
                && record.getFields().get(0).schema().getType() == Schema.Type.LONG
                && (record.getFullName().equals(Flow.getClassSchema().getFullName())
                || record.getFullName().equals(LostEvents.getClassSchema().getFullName()));
    }
}
