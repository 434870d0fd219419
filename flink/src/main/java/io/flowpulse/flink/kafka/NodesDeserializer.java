package io.flowpulse.flink.kafka;

import io.flowpulse.flink.model.NodeUpdate;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record of the node inventory topic as a {@link NodeUpdate}; stage 1 decodes and validates the node. */
public final class NodesDeserializer implements KafkaRecordDeserializationSchema<NodeUpdate> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<NodeUpdate> out) {
        out.collect(new NodeUpdate(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                record.value()));
    }

    @Override
    public TypeInformation<NodeUpdate> getProducedType() {
        return Types.POJO(NodeUpdate.class);
    }
}
