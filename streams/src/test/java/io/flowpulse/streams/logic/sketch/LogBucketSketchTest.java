package io.flowpulse.streams.logic.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogBucketSketchTest {

    @Test
    void everyValueComesBackWithinTheRelativeAccuracy() {
        for (double value : new double[] {1, 2, 3, 999, 1_000, 1_001, 123_456.789, 1e9, 4.2e11}) {
            LogBucketSketch sketch = new LogBucketSketch(0.005);
            sketch.add(value);
            assertThat(Math.abs(sketch.valueAtRank(1) - value) / value).isLessThanOrEqualTo(0.005 + 1e-12);
        }
    }

    @Test
    void zeroIsCountedExactly() {
        LogBucketSketch sketch = new LogBucketSketch();
        sketch.add(0);
        sketch.add(0);
        sketch.add(100);
        assertThat(sketch.count()).isEqualTo(3);
        assertThat(sketch.valueAtRank(1)).isZero();
        assertThat(sketch.valueAtRank(2)).isZero();
        assertThat(sketch.valueAtRank(3)).isCloseTo(100, org.assertj.core.data.Percentage.withPercentage(0.5));
    }

    @Test
    void mergeEqualsWholeAndSurvivesSerialization() {
        Random random = new Random(7);
        LogBucketSketch whole = new LogBucketSketch();
        LogBucketSketch a = new LogBucketSketch();
        LogBucketSketch b = new LogBucketSketch();
        for (int i = 0; i < 5_000; i++) {
            double value = Math.exp(random.nextGaussian() * 3 + 10);
            whole.add(value);
            (random.nextBoolean() ? a : b).add(value);
        }
        assertThat(a.merge(b)).isEqualTo(whole);
        ByteWriter out = new ByteWriter();
        whole.write(out);
        assertThat(LogBucketSketch.read(new ByteReader(out.toByteArray()))).isEqualTo(whole);
    }

    @Test
    void rejectsNegativeAndNonFiniteValues() {
        LogBucketSketch sketch = new LogBucketSketch();
        assertThatThrownBy(() -> sketch.add(-1)).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> sketch.add(Double.NaN)).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> sketch.add(Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
        assertThatThrownBy(() -> sketch.merge(new LogBucketSketch(0.01))).hasMessageContaining("relative accuracy");
    }
}
