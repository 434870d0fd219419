package io.flowpulse.streams.logic.sketch;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.CorruptStateException;
import java.util.Arrays;

/**
 * The sum of |x_i - x_(i-1)| over samples ordered by (time, value), kept exact while samples
 * arrive out of order, with bounded memory.
 *
 * <p>The sequence is a time-ordered list of blocks. A block is either one raw sample or a sealed
 * run of consecutive samples that remembers only its first and last sample, its size and the sum
 * of absolute differences inside it. The jitter sum is the sum inside the blocks plus the
 * differences across neighbouring blocks, so it is exact as long as no sample has to go
 * <em>inside</em> a sealed run. Only when there are more than {@code maxBlocks} blocks are the
 * oldest half sealed into one run, so a sample may arrive up to {@code maxBlocks / 2} samples
 * (in time order) late and still be placed exactly. A sample or merged block that falls inside a
 * sealed run is placed right after that run and counted in {@link #approximatedSamples()}.
 * Merging two sequences whose time ranges do not interleave, or that are both still raw, is exact.
 */
public final class JitterSequence {

    private final int maxBlocks;
    private int size;
    private long[] firstTime = new long[4];
    private long[] firstValue = new long[4];
    private long[] lastTime = new long[4];
    private long[] lastValue = new long[4];
    private long[] blockCount = new long[4];
    private long[] innerSum = new long[4];
    private long samples;
    private long approximated;

    public JitterSequence(int maxBlocks) {
        if (maxBlocks < 2) {
            throw new IllegalArgumentException("maxBlocks must be at least 2: " + maxBlocks);
        }
        this.maxBlocks = maxBlocks;
    }

    public int maxBlocks() {
        return maxBlocks;
    }

    public long samples() {
        return samples;
    }

    /** Samples whose position in the order could not be kept exact (0 means the jitter is exact). */
    public long approximatedSamples() {
        return approximated;
    }

    /** True when every block is a raw sample, i.e. all samples are still known. */
    public boolean allRaw() {
        return size == samples;
    }

    public void add(long time, long value) {
        insert(time, value, time, value, 1, 0);
        sealIfNeeded();
    }

    public JitterSequence merge(JitterSequence other) {
        for (int i = 0; i < other.size; i++) {
            insert(other.firstTime[i], other.firstValue[i], other.lastTime[i], other.lastValue[i],
                    other.blockCount[i], other.innerSum[i]);
        }
        approximated += other.approximated;
        sealIfNeeded();
        return this;
    }

    /** Sum of |x_i - x_(i-1)| over the ordered samples. */
    public long absoluteDifferenceSum() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += innerSum[i];
            if (i > 0) {
                sum += Math.abs(firstValue[i] - lastValue[i - 1]);
            }
        }
        return sum;
    }

    /** Mean absolute difference of consecutive samples; 0 with fewer than 2 samples. */
    public double jitter() {
        return samples < 2 ? 0.0 : (double) absoluteDifferenceSum() / (samples - 1);
    }

    /** Values of all samples; only while {@link #allRaw()}. */
    long[] rawValues() {
        if (!allRaw()) {
            throw new IllegalStateException("samples were sealed into runs");
        }
        return Arrays.copyOf(firstValue, size);
    }

    private void insert(long fTime, long fValue, long lTime, long lValue, long count, long inner) {
        int at = size;
        // fast path: in-order arrival appends
        if (size > 0 && compare(fTime, fValue, firstTime[size - 1], firstValue[size - 1]) < 0) {
            at = upperBound(fTime, fValue);
        }
        if (at > 0 && compare(firstTime[at - 1], firstValue[at - 1], fTime, fValue) == 0
                && compare(lastTime[at - 1], lastValue[at - 1], fTime, fValue) > 0) {
            at--; // an equal sample may just as well go before the run that starts with it
        }
        boolean insidePrevious = at > 0 && compare(lastTime[at - 1], lastValue[at - 1], fTime, fValue) > 0;
        boolean overlapsNext = at < size && compare(lTime, lValue, firstTime[at], firstValue[at]) > 0;
        if (insidePrevious || overlapsNext) {
            approximated += count;
        }
        ensureCapacity(size + 1);
        int tail = size - at;
        if (tail > 0) {
            for (long[] column : columns()) {
                System.arraycopy(column, at, column, at + 1, tail);
            }
        }
        firstTime[at] = fTime;
        firstValue[at] = fValue;
        lastTime[at] = lTime;
        lastValue[at] = lValue;
        blockCount[at] = count;
        innerSum[at] = inner;
        size++;
        samples += count;
    }

    /** Number of blocks whose first sample sorts at or before (time, value). */
    private int upperBound(long time, long value) {
        int from = 0;
        int to = size;
        while (from < to) {
            int mid = (from + to) >>> 1;
            if (compare(firstTime[mid], firstValue[mid], time, value) <= 0) {
                from = mid + 1;
            } else {
                to = mid;
            }
        }
        return from;
    }

    private void sealIfNeeded() {
        if (size <= maxBlocks) {
            return;
        }
        int sealed = size - maxBlocks / 2; // blocks [0, sealed) become one run
        long inner = 0;
        long count = 0;
        for (int i = 0; i < sealed; i++) {
            inner += innerSum[i];
            count += blockCount[i];
            if (i > 0) {
                inner += Math.abs(firstValue[i] - lastValue[i - 1]);
            }
        }
        long[] run = {firstTime[0], firstValue[0], lastTime[sealed - 1], lastValue[sealed - 1], count, inner};
        int remaining = size - sealed;
        long[][] columns = columns();
        for (int c = 0; c < columns.length; c++) {
            System.arraycopy(columns[c], sealed, columns[c], 1, remaining);
            columns[c][0] = run[c];
        }
        size = remaining + 1;
    }

    private long[][] columns() {
        return new long[][] {firstTime, firstValue, lastTime, lastValue, blockCount, innerSum};
    }

    private void ensureCapacity(int needed) {
        if (needed > firstTime.length) {
            int capacity = Math.max(needed, firstTime.length * 2);
            firstTime = Arrays.copyOf(firstTime, capacity);
            firstValue = Arrays.copyOf(firstValue, capacity);
            lastTime = Arrays.copyOf(lastTime, capacity);
            lastValue = Arrays.copyOf(lastValue, capacity);
            blockCount = Arrays.copyOf(blockCount, capacity);
            innerSum = Arrays.copyOf(innerSum, capacity);
        }
    }

    private static int compare(long timeA, long valueA, long timeB, long valueB) {
        int byTime = Long.compare(timeA, timeB);
        return byTime != 0 ? byTime : Long.compare(valueA, valueB);
    }

    void write(ByteWriter out) {
        out.writeVarLong(maxBlocks).writeVarLong(approximated).writeVarLong(size);
        long previousTime = 0;
        for (int i = 0; i < size; i++) {
            boolean raw = blockCount[i] == 1;
            out.writeBoolean(raw);
            out.writeSignedVarLong(firstTime[i] - previousTime).writeSignedVarLong(firstValue[i]);
            if (!raw) {
                out.writeSignedVarLong(lastTime[i] - firstTime[i]).writeSignedVarLong(lastValue[i])
                        .writeVarLong(blockCount[i]).writeVarLong(innerSum[i]);
            }
            previousTime = firstTime[i];
        }
    }

    static JitterSequence read(ByteReader in) {
        long maxBlocks = in.readVarLong();
        if (maxBlocks < 2 || maxBlocks > Integer.MAX_VALUE) {
            throw new CorruptStateException("jitter sequence: invalid block limit " + maxBlocks);
        }
        JitterSequence sequence = new JitterSequence((int) maxBlocks);
        long approximated = in.readVarLong();
        int blocks = in.readCount();
        long previousTime = 0;
        for (int i = 0; i < blocks; i++) {
            boolean raw = in.readBoolean();
            long fTime = previousTime + in.readSignedVarLong();
            long fValue = in.readSignedVarLong();
            if (raw) {
                sequence.insert(fTime, fValue, fTime, fValue, 1, 0);
            } else {
                long lTime = fTime + in.readSignedVarLong();
                long lValue = in.readSignedVarLong();
                long count = in.readVarLong();
                long inner = in.readVarLong();
                if (count < 2) {
                    throw new CorruptStateException("jitter sequence: a run of " + count + " samples");
                }
                sequence.insert(fTime, fValue, lTime, lValue, count, inner);
            }
            previousTime = fTime;
        }
        sequence.approximated = approximated;
        return sequence;
    }
}
