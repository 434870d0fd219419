package io.flowpulse.sink;

import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.registry.SchemaNotFoundException;
import io.flowpulse.schemas.registry.SchemaRegistryException;
import io.flowpulse.schemas.serde.WireFormat;
import io.flowpulse.sink.avro.RowTranscoder;
import io.flowpulse.sink.avro.Transcoders;
import io.flowpulse.sink.table.InvalidRowException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns one Kafka record into a row of its table, a skip or a dead letter. Window records
 * whose writer schema is the current generated schema go from their Avro bytes straight to
 * RowBinary ({@link Transcoders}); everything else is decoded into the generated classes
 * and mapped ({@link RowRouter}). Both give the same bytes.
 */
final class RecordDecoder {

    private final Deserializer<Object> values;
    /** Null when the fast path is off. */
    private final Transcoders transcoders;

    RecordDecoder(Deserializer<Object> values, Transcoders transcoders) {
        this.values = values;
        this.transcoders = transcoders;
    }

    /**
     * Appends the record's row, if it has one, to {@code rows}, with {@code version} as its
     * {@code _version}. Throws {@link SchemaRegistryException} when the registry cannot be
     * reached: the record may be fine and has to be read again later.
     */
    DecodedRecord decode(ConsumerRecord<byte[], byte[]> record, RowRouter<ConsumerRecord<byte[], byte[]>> rows,
                         long version) {
        if (transcoded(record, rows, version)) {
            return DecodedRecord.TRANSCODED;
        }
        Object value;
        try {
            if (record.value() == null && isEndMarker(record)) {
                return DecodedRecord.END_MARKER;
            }
            if (record.value() == null) {
                throw new IllegalArgumentException("record has no value (tombstone)");
            }
            value = values.deserialize(record.topic(), record.headers(), record.value());
        } catch (SchemaNotFoundException e) {
            return undecodable(e);
        } catch (SchemaRegistryException e) {
            throw e;
        } catch (RuntimeException e) {
            return undecodable(e);
        }
        try {
            return switch (rows.route(value, version, record)) {
                case BUFFERED -> DecodedRecord.MAPPED;
                case SKIPPED_SAMPLED_OUT -> DecodedRecord.SAMPLED_OUT;
                case SKIPPED_RAW_FLOWS_OFF -> DecodedRecord.RAW_FLOWS_OFF;
            };
        } catch (InvalidRowException e) {
            return new DecodedRecord.DeadLetter("invalid_row", e.getMessage(), e);
        }
    }

    private static boolean isEndMarker(ConsumerRecord<byte[], byte[]> record) {
        return record.key() != null && Topics.END_OF_STREAM_KEY.equals(new String(record.key(), StandardCharsets.UTF_8));
    }

    private static DecodedRecord undecodable(RuntimeException e) {
        return new DecodedRecord.DeadLetter("undeserializable", "cannot decode the value: " + e.getMessage(), e);
    }

    private boolean transcoded(ConsumerRecord<byte[], byte[]> record, RowRouter<ConsumerRecord<byte[], byte[]>> rows,
                               long version) {
        byte[] v = record.value();
        if (transcoders == null || v == null || v.length < WireFormat.HEADER_LENGTH || v[0] != WireFormat.MAGIC_BYTE) {
            return false;
        }
        int schemaId = ((v[1] & 0xFF) << 24) | ((v[2] & 0xFF) << 16) | ((v[3] & 0xFF) << 8) | (v[4] & 0xFF);
        Optional<RowTranscoder> transcoder = transcoders.forSchemaId(schemaId);
        return transcoder.isPresent() && rows.routeEncoded(transcoder.get(), v, WireFormat.HEADER_LENGTH, version, record);
    }
}
