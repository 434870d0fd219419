package io.flowpulse.flink;

import io.flowpulse.flink.model.FlowsRecord;
import io.flowpulse.flink.model.NodeUpdate;
import java.util.Objects;
import org.apache.flink.api.connector.source.Source;

/**
 * The inputs of the job: the flows topic (as {@link FlowsRecord}s, one split per partition, so that
 * watermarks are per partition) and, optionally, the node inventory topic (null: only the nodes of
 * the topology file in the settings are known).
 */
public record FlinkSources(Source<FlowsRecord, ?, ?> flows, Source<NodeUpdate, ?, ?> nodes) {

    public FlinkSources {
        Objects.requireNonNull(flows, "flows");
    }

    public static FlinkSources flowsOnly(Source<FlowsRecord, ?, ?> flows) {
        return new FlinkSources(flows, null);
    }
}
