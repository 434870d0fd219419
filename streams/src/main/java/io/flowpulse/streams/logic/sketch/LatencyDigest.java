package io.flowpulse.streams.logic.sketch;

import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.CorruptStateException;
import io.flowpulse.streams.logic.codec.StateCodec;
import java.time.Instant;
import java.util.Arrays;

/**
 * Mergeable summary of timed latency samples in nanoseconds: count, min, max, mean, population
 * standard deviation, nearest-rank percentiles and jitter.
 *
 * <p>Percentiles are exact while there are at most {@code exactLimit} samples [10,000]: every
 * sample is kept. Beyond that the values go into a {@link LogBucketSketch} (relative error at most
 * 0.5 %, reported percentiles are clamped to the exact min and max). Count, min, max and mean
 * stay exact; the standard deviation comes from running moments (floating point). Jitter comes
 * from a {@link JitterSequence} and stays exact unless samples arrive more than
 * {@code exactLimit / 2} samples out of time order ({@link #jitterApproximatedSamples()}).
 */
public final class LatencyDigest {

    public static final int DEFAULT_EXACT_LIMIT = 10_000;

    public static final StateCodec<LatencyDigest> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(LatencyDigest value) {
            return value.toBytes();
        }

        @Override
        public LatencyDigest decode(byte[] bytes) {
            return fromBytes(bytes);
        }
    };

    private static final int FORMAT_VERSION = 1;

    private final int exactLimit;
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private long sum;
    private double mean;
    private double m2;
    private final JitterSequence sequence;
    private LogBucketSketch sketch; // null while exact

    public LatencyDigest() {
        this(DEFAULT_EXACT_LIMIT);
    }

    public LatencyDigest(int exactLimit) {
        if (exactLimit < 2) {
            throw new IllegalArgumentException("exact limit must be at least 2: " + exactLimit);
        }
        this.exactLimit = exactLimit;
        this.sequence = new JitterSequence(exactLimit);
    }

    public LatencyDigest add(Instant time, long valueNanos) {
        return add(EpochMicros.of(time), valueNanos);
    }

    /** Adds a sample taken at {@code timeMicros} (epoch microseconds) of {@code valueNanos} >= 0. */
    public LatencyDigest add(long timeMicros, long valueNanos) {
        if (valueNanos < 0) {
            throw new IllegalArgumentException("latency must not be negative: " + valueNanos + " ns");
        }
        count++;
        min = Math.min(min, valueNanos);
        max = Math.max(max, valueNanos);
        sum += valueNanos;
        double delta = valueNanos - mean;
        mean += delta / count;
        m2 += delta * (valueNanos - mean);
        if (sketch == null && count > exactLimit) {
            switchToSketch(sequence.rawValues());
        }
        if (sketch != null) {
            sketch.add(valueNanos);
        }
        sequence.add(timeMicros, valueNanos);
        return this;
    }

    public LatencyDigest merge(LatencyDigest other) {
        if (other.count == 0) {
            return this;
        }
        boolean sketched = sketch != null || other.sketch != null || count + other.count > exactLimit;
        if (sketched) {
            if (sketch == null) {
                switchToSketch(sequence.rawValues()); // before the sequences merge and may seal
            }
            if (other.sketch != null) {
                sketch.merge(other.sketch);
            } else {
                for (long value : other.sequence.rawValues()) {
                    sketch.add(value);
                }
            }
        }
        long total = count + other.count;
        double delta = other.mean - mean;
        m2 = m2 + other.m2 + delta * delta * ((double) count * other.count / total);
        mean = mean + delta * other.count / total;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        sum += other.sum;
        count = total;
        sequence.merge(other.sequence);
        return this;
    }

    private void switchToSketch(long[] values) {
        sketch = new LogBucketSketch();
        for (long value : values) {
            sketch.add(value);
        }
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** True when percentiles are exact (at most {@code exactLimit} samples). */
    public boolean isExact() {
        return sketch == null;
    }

    public long minNanos() {
        requireSamples();
        return min;
    }

    public long maxNanos() {
        requireSamples();
        return max;
    }

    public long sumNanos() {
        return sum;
    }

    public double meanNanos() {
        requireSamples();
        return (double) sum / count;
    }

    public double stddevNanos() {
        requireSamples();
        return Math.sqrt(Math.max(0, m2 / count));
    }

    /** Nearest-rank percentile: the value at rank ceil(p/100 * n) of the ascending samples. */
    public double percentileNanos(double percent) {
        requireSamples();
        long rank = NearestRank.rank(percent, count);
        if (sketch == null) {
            long[] values = sequence.rawValues();
            Arrays.sort(values);
            return values[(int) rank - 1];
        }
        return Math.min(max, Math.max(min, sketch.valueAtRank(rank)));
    }

    /** Several nearest-rank percentiles at once (sorts the exact samples once). */
    public double[] percentilesNanos(double... percents) {
        requireSamples();
        double[] result = new double[percents.length];
        long[] sorted = null;
        if (sketch == null) {
            sorted = sequence.rawValues();
            Arrays.sort(sorted);
        }
        for (int i = 0; i < percents.length; i++) {
            long rank = NearestRank.rank(percents[i], count);
            result[i] = sorted != null ? sorted[(int) rank - 1]
                    : Math.min(max, Math.max(min, sketch.valueAtRank(rank)));
        }
        return result;
    }

    /** Mean |x_i - x_(i-1)| over the samples ordered by (time, value); 0 with fewer than 2 samples. */
    public double jitterNanos() {
        return sequence.jitter();
    }

    /** Samples whose order for the jitter had to be approximated; 0 when the jitter is exact. */
    public long jitterApproximatedSamples() {
        return sequence.approximatedSamples();
    }

    private void requireSamples() {
        if (count == 0) {
            throw new IllegalStateException("no samples");
        }
    }

    public byte[] toBytes() {
        ByteWriter out = new ByteWriter(64 + (int) Math.min(count, exactLimit) * 6);
        out.writeByte(FORMAT_VERSION).writeVarLong(exactLimit).writeVarLong(count);
        if (count > 0) {
            out.writeSignedVarLong(min).writeSignedVarLong(max).writeSignedVarLong(sum).writeDouble(mean).writeDouble(m2);
        }
        sequence.write(out);
        out.writeBoolean(sketch != null);
        if (sketch != null) {
            sketch.write(out);
        }
        return out.toByteArray();
    }

    public static LatencyDigest fromBytes(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        in.expectVersion(FORMAT_VERSION, "LatencyDigest");
        long limit = in.readVarLong();
        if (limit < 2 || limit > Integer.MAX_VALUE) {
            throw new CorruptStateException("LatencyDigest: invalid exact limit " + limit);
        }
        LatencyDigest digest = new LatencyDigest((int) limit);
        digest.count = in.readVarLong();
        if (digest.count > 0) {
            digest.min = in.readSignedVarLong();
            digest.max = in.readSignedVarLong();
            digest.sum = in.readSignedVarLong();
            digest.mean = in.readDouble();
            digest.m2 = in.readDouble();
        }
        JitterSequence sequence = JitterSequence.read(in);
        digest.sequence.merge(sequence);
        if (in.readBoolean()) {
            digest.sketch = LogBucketSketch.read(in);
        }
        in.expectEnd("LatencyDigest");
        if (digest.sequence.samples() != digest.count
                || (digest.sketch == null ? !digest.sequence.allRaw() || digest.count > limit
                                          : digest.sketch.count() != digest.count)) {
            throw new CorruptStateException("LatencyDigest: parts disagree on the sample count " + digest.count);
        }
        return digest;
    }
}
