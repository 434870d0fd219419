package io.flowpulse.streams.logic.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JitterSequenceTest {

    record Sample(long time, long value) {
    }

    @Test
    void orderedByTimeThenValueWhateverTheArrivalOrder() {
        JitterSequence sequence = new JitterSequence(100);
        // arrival order is scrambled; in (time, value) order the values are 10, 30, 20, 40, then at t=5: 10, 50
        sequence.add(4, 40);
        sequence.add(1, 10);
        sequence.add(5, 50);
        sequence.add(3, 20);
        sequence.add(5, 10);
        sequence.add(2, 30);
        // |30-10| + |20-30| + |40-20| + |10-40| + |50-10| = 20 + 10 + 20 + 30 + 40 = 120 over 5 differences
        assertThat(sequence.absoluteDifferenceSum()).isEqualTo(120);
        assertThat(sequence.jitter()).isEqualTo(24.0);
        assertThat(sequence.approximatedSamples()).isZero();
    }

    @Test
    void fewerThanTwoSamplesHaveNoJitter() {
        JitterSequence sequence = new JitterSequence(10);
        assertThat(sequence.jitter()).isZero();
        sequence.add(1, 99);
        assertThat(sequence.jitter()).isZero();
    }

    @Test
    void staysExactWhenSealedAndSamplesAreOnlyLocallyOutOfOrder() {
        Random random = new Random(11);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            samples.add(new Sample(i * 1_000L + random.nextInt(3), 1_000 + random.nextInt(100_000)));
        }
        List<Sample> arrival = locallyShuffled(samples, 200, random);
        JitterSequence sequence = new JitterSequence(1_000);
        arrival.forEach(s -> sequence.add(s.time(), s.value()));
        assertThat(sequence.allRaw()).isFalse();
        assertThat(sequence.approximatedSamples()).isZero();
        assertThat(sequence.absoluteDifferenceSum()).isEqualTo(bruteForce(samples));
    }

    @Test
    void mergeOfTimeSlicesIsExact() {
        Random random = new Random(5);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            samples.add(new Sample(i, random.nextInt(1_000_000)));
        }
        JitterSequence a = new JitterSequence(1_000);
        JitterSequence b = new JitterSequence(1_000);
        JitterSequence c = new JitterSequence(1_000);
        for (Sample s : samples) {
            (s.time() < 10_000 ? a : s.time() < 20_000 ? b : c).add(s.time(), s.value());
        }
        JitterSequence backwards = new JitterSequence(1_000).merge(c).merge(b).merge(a);
        assertThat(backwards.approximatedSamples()).isZero();
        assertThat(backwards.samples()).isEqualTo(30_000);
        assertThat(backwards.absoluteDifferenceSum()).isEqualTo(bruteForce(samples));
        JitterSequence forwards = new JitterSequence(1_000).merge(a).merge(b).merge(c);
        assertThat(forwards.approximatedSamples()).isZero();
        assertThat(forwards.absoluteDifferenceSum()).isEqualTo(bruteForce(samples));
    }

    @Test
    void mergeOfInterleavedRawPartsIsExact() {
        Random random = new Random(9);
        List<Sample> samples = new ArrayList<>();
        JitterSequence a = new JitterSequence(10_000);
        JitterSequence b = new JitterSequence(10_000);
        for (int i = 0; i < 4_000; i++) {
            Sample s = new Sample(random.nextInt(100_000), random.nextInt(1_000_000));
            samples.add(s);
            (random.nextBoolean() ? a : b).add(s.time(), s.value());
        }
        JitterSequence merged = a.merge(b);
        assertThat(merged.approximatedSamples()).isZero();
        assertThat(merged.absoluteDifferenceSum()).isEqualTo(bruteForce(samples));
    }

    @Test
    void fillingAGapBetweenSealedSlicesIsCountedAsApproximated() {
        JitterSequence a = new JitterSequence(100);
        JitterSequence b = new JitterSequence(100);
        JitterSequence c = new JitterSequence(100);
        for (int i = 0; i < 300; i++) {
            (i < 100 ? a : i < 200 ? b : c).add(i, i % 7);
        }
        // a and c are sealed together, so b's samples land inside one run
        JitterSequence merged = a.merge(c).merge(b);
        assertThat(merged.samples()).isEqualTo(300);
        assertThat(merged.approximatedSamples()).isPositive();
    }

    @Test
    void sampleInsideASealedRunIsCountedAsApproximated() {
        JitterSequence sequence = new JitterSequence(4);
        for (int t = 0; t < 10; t++) {
            sequence.add(t * 10, t);
        }
        assertThat(sequence.allRaw()).isFalse();
        sequence.add(5, 100); // belongs between t=0 and t=10, long sealed
        assertThat(sequence.approximatedSamples()).isEqualTo(1);
        assertThat(sequence.samples()).isEqualTo(11);
    }

    @Test
    void serializationKeepsBlocksAndCounters() {
        JitterSequence sequence = new JitterSequence(8);
        for (int t = 0; t < 20; t++) {
            sequence.add(1_700_000_000_000_000L + t * 997, (t * 7919) % 1000);
        }
        ByteWriter out = new ByteWriter();
        sequence.write(out);
        JitterSequence copy = JitterSequence.read(new ByteReader(out.toByteArray()));
        assertThat(copy.samples()).isEqualTo(20);
        assertThat(copy.absoluteDifferenceSum()).isEqualTo(sequence.absoluteDifferenceSum());
        assertThat(copy.approximatedSamples()).isEqualTo(sequence.approximatedSamples());
    }

    static long bruteForce(List<Sample> samples) {
        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparingLong(Sample::time).thenComparingLong(Sample::value));
        long sum = 0;
        for (int i = 1; i < sorted.size(); i++) {
            sum += Math.abs(sorted.get(i).value() - sorted.get(i - 1).value());
        }
        return sum;
    }

    /** Shuffles within consecutive blocks of {@code block} samples, so no sample moves further than that. */
    static <T> List<T> locallyShuffled(List<T> items, int block, Random random) {
        List<T> result = new ArrayList<>();
        for (int from = 0; from < items.size(); from += block) {
            List<T> chunk = new ArrayList<>(items.subList(from, Math.min(items.size(), from + block)));
            Collections.shuffle(chunk, random);
            result.addAll(chunk);
        }
        return result;
    }
}
