package io.flowpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.registry.SchemaNotFoundException;
import io.flowpulse.schemas.registry.SchemaRegistryException;
import io.flowpulse.sink.table.InvalidRowException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {

    private final RowRouter<ConsumerRecord<byte[], byte[]>> rows = new RowRouter<>(false, 1.0);

    private static ConsumerRecord<byte[], byte[]> record(String value) {
        return new ConsumerRecord<>("t", 0, 7, null, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static DecodedRecord decode(Deserializer<Object> values, String value,
                                        RowRouter<ConsumerRecord<byte[], byte[]>> rows) {
        return new RecordDecoder(values, null).decode(record(value), rows, 1);
    }

    @Test
    void aRecordWithATableBecomesARowOfIt() {
        assertThat(decode(new SinkLoopTest.LinkValues(), "link:a", rows)).isEqualTo(DecodedRecord.MAPPED);
        assertThat(rows.bufferedRows()).isEqualTo(1);
        assertThat(rows.nonEmptyBatches().get(0).source(0).offset()).isEqualTo(7);
    }

    @Test
    void rawFlowsAreSkippedWhenOff() {
        assertThat(decode((topic, data) -> RowRouterTest.flow("u"), "flow", rows)).isEqualTo(DecodedRecord.RAW_FLOWS_OFF);
        assertThat(rows.bufferedRows()).isZero();
    }

    @Test
    void undecodableValuesAndTombstonesAreDeadLetters() {
        DecodedRecord garbage = decode(new SinkLoopTest.LinkValues(), "garbage", rows);
        assertThat(garbage).isInstanceOfSatisfying(DecodedRecord.DeadLetter.class, d -> {
            assertThat(d.tag()).isEqualTo("undeserializable");
            assertThat(d.reason()).isEqualTo("cannot decode the value: not a link window: garbage");
            assertThat(d.error()).isInstanceOf(SerializationException.class);
        });
        DecodedRecord tombstone = decode(new SinkLoopTest.LinkValues(), null, rows);
        assertThat(tombstone).isInstanceOfSatisfying(DecodedRecord.DeadLetter.class,
                d -> assertThat(d.reason()).isEqualTo("cannot decode the value: record has no value (tombstone)"));
        DecodedRecord unknownSchema = decode((topic, data) -> {
            throw new SchemaNotFoundException("schema 9 not found", 40403);
        }, "x", rows);
        assertThat(unknownSchema).isInstanceOfSatisfying(DecodedRecord.DeadLetter.class,
                d -> assertThat(d.tag()).isEqualTo("undeserializable"));
        assertThat(rows.bufferedRows()).isZero();
    }

    @Test
    void theEndOfReplayMarkerIsSkippedNotDeadLettered() {
        ConsumerRecord<byte[], byte[]> marker = new ConsumerRecord<>("flows", 0, 7,
                Topics.END_OF_STREAM_KEY.getBytes(StandardCharsets.UTF_8), null);
        assertThat(new RecordDecoder(new SinkLoopTest.LinkValues(), null).decode(marker, rows, 1))
                .isEqualTo(DecodedRecord.END_MARKER);
        assertThat(rows.bufferedRows()).isZero();
    }

    @Test
    void aRecordNoTableCanHoldIsADeadLetter() {
        DecodedRecord invalid = decode((topic, data) -> RowRouterTest.link("bad", -5), "x", rows);
        assertThat(invalid).isInstanceOfSatisfying(DecodedRecord.DeadLetter.class, d -> {
            assertThat(d.tag()).isEqualTo("invalid_row");
            assertThat(d.error()).isInstanceOf(InvalidRowException.class);
        });
        assertThat(rows.bufferedRows()).isZero();
    }

    @Test
    void anUnreachableRegistryIsNotTheRecordsFault() {
        Deserializer<Object> registryDown = (topic, data) -> {
            throw new SchemaRegistryException("registry unreachable", null);
        };
        assertThatThrownBy(() -> decode(registryDown, "x", rows)).isInstanceOf(SchemaRegistryException.class);
    }
}
