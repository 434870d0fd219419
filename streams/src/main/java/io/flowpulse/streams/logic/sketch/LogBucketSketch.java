package io.flowpulse.streams.logic.sketch;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.CorruptStateException;
import java.util.Arrays;

/**
 * Mergeable quantile sketch over non-negative values with bounded relative error, in the manner of
 * DDSketch: a positive value {@code x} goes to bucket {@code ceil(log_gamma(x))} with
 * {@code gamma = (1 + a) / (1 - a)}, and a bucket is reported as {@code 2 gamma^i / (gamma + 1)}, which
 * is within relative error {@code a} of every value in the bucket. Zero has its own counter.
 * Merging adds bucket counts, so the merge of parts is identical to the sketch of the whole.
 */
public final class LogBucketSketch {

    /** Half of the 1 % the analytics allow, leaving room for floating-point edges at bucket boundaries. */
    public static final double DEFAULT_RELATIVE_ACCURACY = 0.005;

    private final double relativeAccuracy;
    private final double gamma;
    private final double logGamma;
    private long zeroCount;
    private long count;
    private int offset;
    private long[] buckets = new long[0];

    public LogBucketSketch() {
        this(DEFAULT_RELATIVE_ACCURACY);
    }

    public LogBucketSketch(double relativeAccuracy) {
        if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
            throw new IllegalArgumentException("relative accuracy must be in (0, 1): " + relativeAccuracy);
        }
        this.relativeAccuracy = relativeAccuracy;
        this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        this.logGamma = Math.log(gamma);
    }

    public double relativeAccuracy() {
        return relativeAccuracy;
    }

    public long count() {
        return count;
    }

    public void add(double value) {
        add(value, 1);
    }

    public void add(double value, long times) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("sketch values must be finite and non-negative: " + value);
        }
        if (times <= 0) {
            throw new IllegalArgumentException("count must be positive: " + times);
        }
        if (value == 0) {
            zeroCount += times;
        } else {
            int index = (int) Math.ceil(Math.log(value) / logGamma);
            ensureIndex(index);
            buckets[index - offset] += times;
        }
        count += times;
    }

    public LogBucketSketch merge(LogBucketSketch other) {
        if (other.relativeAccuracy != relativeAccuracy) {
            throw new IllegalArgumentException("cannot merge sketches of relative accuracy " + relativeAccuracy
                    + " and " + other.relativeAccuracy);
        }
        zeroCount += other.zeroCount;
        count += other.count;
        for (int i = 0; i < other.buckets.length; i++) {
            if (other.buckets[i] != 0) {
                ensureIndex(other.offset + i);
                buckets[other.offset + i - offset] += other.buckets[i];
            }
        }
        return this;
    }

    /** Value at 1-based rank {@code rank} of the ascending values (within the relative accuracy). */
    public double valueAtRank(long rank) {
        if (rank < 1 || rank > count) {
            throw new IllegalArgumentException("rank " + rank + " outside 1.." + count);
        }
        long seen = zeroCount;
        if (rank <= seen) {
            return 0;
        }
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (rank <= seen) {
                return 2 * Math.pow(gamma, offset + i) / (gamma + 1);
            }
        }
        throw new IllegalStateException("bucket counts do not add up to " + count);
    }

    private void ensureIndex(int index) {
        if (buckets.length == 0) {
            offset = index;
            buckets = new long[8];
            return;
        }
        if (index < offset) {
            int grow = Math.max(offset - index, 8);
            long[] wider = new long[buckets.length + grow];
            System.arraycopy(buckets, 0, wider, grow, buckets.length);
            buckets = wider;
            offset -= grow;
        } else if (index - offset >= buckets.length) {
            buckets = Arrays.copyOf(buckets, Math.max(index - offset + 1, buckets.length + 8));
        }
    }

    void write(ByteWriter out) {
        out.writeDouble(relativeAccuracy).writeVarLong(zeroCount);
        int nonEmpty = 0;
        for (long bucket : buckets) {
            if (bucket != 0) {
                nonEmpty++;
            }
        }
        out.writeVarLong(nonEmpty);
        int previous = 0;
        boolean first = true;
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] != 0) {
                int index = offset + i;
                out.writeSignedVarLong(first ? index : index - previous);
                out.writeVarLong(buckets[i]);
                previous = index;
                first = false;
            }
        }
    }

    static LogBucketSketch read(ByteReader in) {
        double accuracy = in.readDouble();
        LogBucketSketch sketch;
        try {
            sketch = new LogBucketSketch(accuracy);
        } catch (IllegalArgumentException e) {
            throw new CorruptStateException("sketch: " + e.getMessage());
        }
        sketch.zeroCount = in.readVarLong();
        sketch.count = sketch.zeroCount;
        int nonEmpty = in.readCount();
        long index = 0;
        for (int i = 0; i < nonEmpty; i++) {
            long delta = in.readSignedVarLong();
            index = i == 0 ? delta : index + delta;
            long bucketCount = in.readVarLong();
            if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE || bucketCount <= 0 || (i > 0 && delta <= 0)) {
                throw new CorruptStateException("sketch: invalid bucket " + index + " with count " + bucketCount);
            }
            sketch.ensureIndex((int) index);
            sketch.buckets[(int) index - sketch.offset] = bucketCount;
            sketch.count += bucketCount;
        }
        return sketch;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LogBucketSketch that) || that.relativeAccuracy != relativeAccuracy
                || that.count != count || that.zeroCount != zeroCount) {
            return false;
        }
        int from = Math.min(offset, that.offset);
        int to = Math.max(offset + buckets.length, that.offset + that.buckets.length);
        for (int index = from; index < to; index++) {
            if (bucketAt(index) != that.bucketAt(index)) {
                return false;
            }
        }
        return true;
    }

    private long bucketAt(int index) {
        int i = index - offset;
        return i >= 0 && i < buckets.length ? buckets[i] : 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Long.hashCode(zeroCount);
    }
}
