package io.flowpulse.streams.logic.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowpulse.streams.logic.codec.CorruptStateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class LatencyDigestTest {

    private static final long MS = 1_000_000L;
    private static final double[] PERCENTS = {1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100};

    @Test
    void handWorkedExample() {
        LatencyDigest digest = new LatencyDigest();
        // arrival order differs from time order: by time the values are 10, 30, 20, 40 ms
        digest.add(4, 40 * MS).add(1, 10 * MS).add(3, 20 * MS).add(2, 30 * MS);
        assertThat(digest.count()).isEqualTo(4);
        assertThat(digest.minNanos()).isEqualTo(10 * MS);
        assertThat(digest.maxNanos()).isEqualTo(40 * MS);
        assertThat(digest.meanNanos()).isEqualTo(25.0 * MS);
        // deviations -15, 5, -5, 15 ms: (225 + 25 + 25 + 225) / 4 = 125 ms^2
        assertThat(digest.stddevNanos()).isCloseTo(Math.sqrt(125) * MS, within(1e-3));
        // rank ceil(0.5*4)=2 -> 20; ceil(0.9*4)=4 -> 40; ceil(0.99*4)=4 -> 40
        assertThat(digest.percentilesNanos(50, 90, 99)).containsExactly(20.0 * MS, 40.0 * MS, 40.0 * MS);
        // |30-10| + |20-30| + |40-20| = 50 over 3 differences
        assertThat(digest.jitterNanos()).isCloseTo(50.0 / 3 * MS, within(1e-6));
        assertThat(digest.isExact()).isTrue();
    }

    @Test
    void singleSampleHasZeroSpreadAndJitter() {
        LatencyDigest digest = new LatencyDigest().add(7, 3 * MS);
        assertThat(digest.stddevNanos()).isZero();
        assertThat(digest.jitterNanos()).isZero();
        assertThat(digest.percentileNanos(99)).isEqualTo(3.0 * MS);
    }

    @Test
    void switchesToTheSketchAboveTheExactLimit() {
        LatencyDigest digest = new LatencyDigest(100);
        for (int i = 1; i <= 100; i++) {
            digest.add(i, i * MS);
        }
        assertThat(digest.isExact()).isTrue();
        assertThat(digest.percentileNanos(50)).isEqualTo(50.0 * MS);
        digest.add(101, 101 * MS);
        assertThat(digest.isExact()).isFalse();
        // rank ceil(0.5*101)=51 -> 51 ms, within 0.5 %
        assertThat(digest.percentileNanos(50)).isCloseTo(51.0 * MS, within(51.0 * MS * 0.005));
        assertThat(digest.percentileNanos(100)).isEqualTo(101.0 * MS);
        assertThat(digest.percentileNanos(0.5)).isEqualTo(1.0 * MS); // clamped to the exact minimum
        assertThat(digest.jitterNanos()).isEqualTo(1.0 * MS);       // every step is 1 ms
        assertThat(digest.meanNanos()).isEqualTo(51.0 * MS);
    }

    @Test
    void sketchPercentilesWithinOnePercentOnRandomAndHeavyTailedData() {
        Random random = new Random(42);
        List<DoubleSupplier> distributions = List.of(
                () -> 1 + random.nextDouble() * 200 * MS,                                 // uniform
                () -> Math.exp(random.nextGaussian() * 1.5 + Math.log(2 * MS)),           // log-normal
                () -> 0.2 * MS / Math.pow(1 - random.nextDouble(), 1 / 1.1),              // Pareto, alpha 1.1
                () -> random.nextDouble() < 0.97 ? 0.5 * MS + random.nextInt(1000)        // bimodal with timeouts
                        : 3_000 * MS + random.nextInt(1_000_000));
        for (DoubleSupplier distribution : distributions) {
            for (int n : new int[] {10_001, 50_000, 200_000}) {
                long[] values = new long[n];
                LatencyDigest digest = new LatencyDigest();
                for (int i = 0; i < n; i++) {
                    values[i] = (long) distribution.getAsDouble();
                    digest.add(i, values[i]);
                }
                assertThat(digest.isExact()).isFalse();
                Arrays.sort(values);
                for (double p : PERCENTS) {
                    double exact = values[(int) NearestRank.rank(p, n) - 1];
                    assertThat(digest.percentileNanos(p)).as("p%s of %s samples", p, n)
                            .isCloseTo(exact, within(exact * 0.01));
                }
                assertThat(digest.minNanos()).isEqualTo(values[0]);
                assertThat(digest.maxNanos()).isEqualTo(values[n - 1]);
            }
        }
    }

    @Test
    void mergeOfPartsEqualsWhole() {
        Random random = new Random(3);
        int n = 60_000;
        LatencyDigest whole = new LatencyDigest();
        List<LatencyDigest> parts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            parts.add(new LatencyDigest());
        }
        for (int i = 0; i < n; i++) {
            long value = (long) Math.exp(random.nextGaussian() + 15);
            whole.add(i, value);
            parts.get(i / 10_000).add(i, value); // time slices: each part exact, the merge is not
        }
        LatencyDigest merged = new LatencyDigest();
        for (int i = parts.size() - 1; i >= 0; i--) {
            merged.merge(parts.get(i));
        }
        assertSameSummary(merged, whole);
        assertThat(merged.jitterApproximatedSamples()).isZero();
    }

    @Test
    void mergeOfInterleavedExactPartsIsExact() {
        Random random = new Random(8);
        LatencyDigest whole = new LatencyDigest();
        LatencyDigest a = new LatencyDigest();
        LatencyDigest b = new LatencyDigest();
        for (int i = 0; i < 3_000; i++) {
            long time = random.nextInt(60_000_000);
            long value = 100_000 + random.nextInt(50 * (int) MS);
            whole.add(time, value);
            (random.nextInt(3) == 0 ? a : b).add(time, value);
        }
        LatencyDigest merged = a.merge(b);
        assertThat(merged.isExact()).isTrue();
        assertSameSummary(merged, whole);
    }

    @Test
    void serializationRoundTripsExactAndSketchedDigests() {
        for (int n : new int[] {0, 1, 500, 25_000}) {
            LatencyDigest digest = new LatencyDigest();
            Random random = new Random(n);
            for (int i = 0; i < n; i++) {
                digest.add(1_714_557_600_000_000L + i * 37L, random.nextInt(400 * (int) MS));
            }
            LatencyDigest copy = LatencyDigest.CODEC.decode(LatencyDigest.CODEC.encode(digest));
            assertThat(copy.count()).isEqualTo(n);
            assertThat(copy.isExact()).isEqualTo(digest.isExact());
            if (n > 0) {
                assertSameSummary(copy, digest);
            }
        }
        assertThatThrownBy(() -> LatencyDigest.fromBytes(new byte[] {9})).isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("version 9");
        byte[] valid = new LatencyDigest().add(1, 1).toBytes();
        assertThatThrownBy(() -> LatencyDigest.fromBytes(Arrays.copyOf(valid, valid.length - 2)))
                .isInstanceOf(CorruptStateException.class);
    }

    @Test
    void rejectsNegativeLatencyAndEmptyQueries() {
        assertThatThrownBy(() -> new LatencyDigest().add(1, -5)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new LatencyDigest().percentileNanos(50)).hasMessageContaining("no samples");
    }

    private static void assertSameSummary(LatencyDigest actual, LatencyDigest expected) {
        assertThat(actual.count()).isEqualTo(expected.count());
        assertThat(actual.isExact()).isEqualTo(expected.isExact());
        assertThat(actual.minNanos()).isEqualTo(expected.minNanos());
        assertThat(actual.maxNanos()).isEqualTo(expected.maxNanos());
        assertThat(actual.sumNanos()).isEqualTo(expected.sumNanos());
        assertThat(actual.meanNanos()).isEqualTo(expected.meanNanos());
        assertThat(actual.stddevNanos()).isCloseTo(expected.stddevNanos(), within(expected.stddevNanos() * 1e-9 + 1e-9));
        assertThat(actual.percentilesNanos(PERCENTS)).containsExactly(expected.percentilesNanos(PERCENTS));
        assertThat(actual.jitterNanos()).isEqualTo(expected.jitterNanos());
    }
}
