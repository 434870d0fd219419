package io.flowpulse.flink.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link OpenAggregate}: the type tag, then the bytes of the streams module's
 * codec of that type (which carry their own format version). Used for keyed state only, so
 * checkpoints hold the same bytes the Kafka Streams state stores do.
 */
public final class OpenAggregateSerializer extends TypeSerializer<OpenAggregate> {

    private static final long serialVersionUID = 1L;

    public static final OpenAggregateSerializer INSTANCE = new OpenAggregateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<OpenAggregate> duplicate() {
        return this; // stateless
    }

    @Override
    public OpenAggregate createInstance() {
        return null;
    }

    @Override
    public OpenAggregate copy(OpenAggregate from) {
        return from == null ? null : from.copy();
    }

    @Override
    public OpenAggregate copy(OpenAggregate from, OpenAggregate reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(OpenAggregate record, DataOutputView target) throws IOException {
        byte[] bytes = record.encode();
        target.writeChar(record.tag());
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public OpenAggregate deserialize(DataInputView source) throws IOException {
        char tag = source.readChar();
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return OpenAggregate.decode(tag, bytes);
    }

    @Override
    public OpenAggregate deserialize(OpenAggregate reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeChar(source.readChar());
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof OpenAggregateSerializer;
    }

    @Override
    public int hashCode() {
        return OpenAggregateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<OpenAggregate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Nothing to configure: restores as the same serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OpenAggregate> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
