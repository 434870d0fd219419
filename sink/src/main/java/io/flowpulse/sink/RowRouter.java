package io.flowpulse.sink;

import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.sink.avro.RowTranscoder;
import io.flowpulse.sink.table.AlertTable;
import io.flowpulse.sink.table.DnsWindowTable;
import io.flowpulse.sink.table.FlowIds;
import io.flowpulse.sink.table.FlowTable;
import io.flowpulse.sink.table.InvalidRowException;
import io.flowpulse.sink.table.LatencyWindowTable;
import io.flowpulse.sink.table.LinkWindowTable;
import io.flowpulse.sink.table.LostEventsTable;
import io.flowpulse.sink.table.TableMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each record to the batch of its table by its type (LinkWindow -> link_windows, ...,
 * Flow -> flows, LostEvents -> lost_events). Raw flows are kept only when enabled, and then
 * only the deterministic sample {@link FlowIds#sampleFraction} below the ratio, so a
 * redelivered flow gets the same decision.
 *
 * @param <S> what a row's source is (a Kafka record, or the record itself)
 */
public final class RowRouter<S> {

    /** What happened to a record. */
    public enum Outcome { BUFFERED, SKIPPED_SAMPLED_OUT, SKIPPED_RAW_FLOWS_OFF }

    private final Map<Class<?>, TableBatch<?, S>> batches = new LinkedHashMap<>();
    private final boolean rawFlows;
    private final double flowSampleRatio;

    public RowRouter(boolean rawFlows, double flowSampleRatio) {
        if (!(flowSampleRatio >= 0 && flowSampleRatio <= 1)) {
            throw new IllegalArgumentException("flow sampling ratio must be within [0, 1], got " + flowSampleRatio);
        }
        this.rawFlows = rawFlows;
        this.flowSampleRatio = flowSampleRatio;
        for (TableMapping<?> m : allMappings()) {
            batches.put(m.recordType(), new TableBatch<>(m));
        }
    }

    public static List<TableMapping<?>> allMappings() {
        return List.of(new LinkWindowTable(), new DnsWindowTable(), new LatencyWindowTable(), new AlertTable(),
                new FlowTable(), new LostEventsTable());
    }

    /** Buffers a record as a row of its table; throws {@link InvalidRowException} for records that cannot be stored. */
    @SuppressWarnings("unchecked")
    public Outcome route(Object record, long version, S source) {
        if (record == null) {
            throw new InvalidRowException("record is null");
        }
        TableBatch<Object, S> batch = (TableBatch<Object, S>) batches.get(record.getClass());
        if (batch == null) {
            throw new InvalidRowException("no table stores records of type " + record.getClass().getName());
        }
        if (batch.mapping().table().equals(FlowTable.TABLE) || batch.mapping().table().equals(LostEventsTable.TABLE)) {
            if (!rawFlows) {
                return Outcome.SKIPPED_RAW_FLOWS_OFF;
            }
            if (record instanceof Flow f && FlowIds.sampleFraction(FlowIds.flowId(f)) >= flowSampleRatio) {
                return Outcome.SKIPPED_SAMPLED_OUT;
            }
        }
        batch.add(record, version, source);
        return Outcome.BUFFERED;
    }

    /**
     * Buffers a row transcoded from an Avro body (window tables only). Returns false when
     * the record must be decoded and {@link #route}d instead.
     */
    @SuppressWarnings("unchecked")
    public boolean routeEncoded(RowTranscoder transcoder, byte[] data, int offset, long version, S source) {
        TableBatch<Object, S> batch = (TableBatch<Object, S>) batches.get(transcoder.recordType());
        return batch != null && batch.addEncoded(transcoder, data, offset, version, source);
    }

    public int bufferedRows() {
        int n = 0;
        for (TableBatch<?, S> b : batches.values()) {
            n += b.rows();
        }
        return n;
    }

    /** Batches that hold rows. */
    public List<TableBatch<?, S>> nonEmptyBatches() {
        List<TableBatch<?, S>> out = new ArrayList<>();
        for (TableBatch<?, S> b : batches.values()) {
            if (!b.isEmpty()) {
                out.add(b);
            }
        }
        return out;
    }

    public void clear() {
        batches.values().forEach(TableBatch::clear);
    }
}
