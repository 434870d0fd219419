package io.flowpulse.sink;

import io.flowpulse.sink.avro.AvroBinaryReader;
import io.flowpulse.sink.avro.RowTranscoder;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import io.flowpulse.sink.table.InvalidRowException;
import io.flowpulse.sink.table.TableMapping;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Rows of one table waiting for ClickHouse: their RowBinary bytes, where each row ends, and
 * where each came from (a Kafka record, or the record itself when written directly), so a
 * row ClickHouse refuses can be traced to its source. A flush works through
 * {@link #pendingRanges()}; ranges it finished are gone, so a flush interrupted by an
 * outage resumes where it stopped.
 *
 * @param <S> what a row's source is
 */
public final class TableBatch<T, S> {

    private final TableMapping<T> mapping;
    private final RowBinaryWriter data = new RowBinaryWriter(256 * 1024);
    private int[] rowEnds = new int[1024];
    private final List<S> sources = new ArrayList<>();
    private final Deque<int[]> pending = new ArrayDeque<>();
    private boolean flushing;

    public TableBatch(TableMapping<T> mapping) {
        this.mapping = mapping;
    }

    public TableMapping<T> mapping() {
        return mapping;
    }

    public int rows() {
        return sources.size();
    }

    public int bytes() {
        return data.size();
    }

    public boolean isEmpty() {
        return sources.isEmpty();
    }

    /**
     * Encodes one record as a row. A record the mapping refuses leaves the batch unchanged
     * and throws {@link InvalidRowException}.
     */
    public void add(T record, long version, S source) {
        if (flushing) {
            throw new IllegalStateException("batch of " + mapping.table() + " is being flushed; start a new one");
        }
        int start = data.rowStart();
        try {
            mapping.writeRow(record, version, data);
        } catch (InvalidRowException e) {
            data.truncate(start);
            throw e;
        } catch (RuntimeException e) {
            data.truncate(start);
            throw new InvalidRowException("cannot store " + mapping.recordType().getSimpleName() + " in "
                    + mapping.table() + ": " + e.getMessage(), e);
        }
        appendRow(source);
    }

    private void appendRow(S source) {
        int row = sources.size();
        if (row == rowEnds.length) {
            rowEnds = Arrays.copyOf(rowEnds, row * 2);
        }
        rowEnds[row] = data.size();
        sources.add(source);
    }

    /**
     * Appends one row transcoded straight from an Avro body. Returns false, leaving the batch
     * unchanged, when the transcoder declines or the bytes are not a complete value; the
     * caller then decodes the record and uses {@link #add}.
     */
    public boolean addEncoded(RowTranscoder transcoder, byte[] value, int offset, long version, S source) {
        if (flushing) {
            throw new IllegalStateException("batch of " + mapping.table() + " is being flushed; start a new one");
        }
        int start = data.rowStart();
        boolean ok;
        try {
            AvroBinaryReader in = new AvroBinaryReader(value, offset, value.length);
            ok = transcoder.transcode(in, version, data) && in.atEnd();
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            data.truncate(start);
            return false;
        }
        appendRow(source);
        return true;
    }

    /** Row ranges {from, to} still to insert; the first call turns the whole batch into one range. */
    Deque<int[]> pendingRanges() {
        if (!flushing) {
            flushing = true;
            if (!sources.isEmpty()) {
                pending.add(new int[] {0, sources.size()});
            }
        }
        return pending;
    }

    int byteStart(int row) {
        return row == 0 ? 0 : rowEnds[row - 1];
    }

    int byteEnd(int rowExclusive) {
        return rowExclusive == 0 ? 0 : rowEnds[rowExclusive - 1];
    }

    byte[] array() {
        return data.array();
    }

    S source(int row) {
        return sources.get(row);
    }

    /** Empties the batch after a complete flush (or to discard it). */
    public void clear() {
        data.reset();
        sources.clear();
        pending.clear();
        flushing = false;
    }
}
