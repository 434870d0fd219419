package io.flowpulse.streams.logic.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.streams.logic.Millis;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.dns.DnsAggregate;
import io.flowpulse.streams.logic.dns.DnsMessageType;
import io.flowpulse.streams.logic.dns.DnsObservation;
import io.flowpulse.streams.logic.dns.SuspiciousNames;
import io.flowpulse.streams.logic.latency.LatencyKey;
import io.flowpulse.streams.logic.latency.LatencyKind;
import io.flowpulse.streams.logic.latency.LatencyLevel;
import io.flowpulse.streams.logic.latency.LatencyWindows;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Above 10,000 samples percentiles come from the sketch, but a window's min and max stay the exact
 * samples, rounded like every ms value (half up to whole microseconds), along the path the
 * topology takes: two stage-1 parts, their bytes, the stage-2 merge, the final record.
 */
class ExactExtremesTest {

    static final TimeWindow WINDOW = TimeWindow.startingAt(Instant.parse("2024-05-01T10:00:00Z"), Duration.ofSeconds(60));
    static final int SAMPLES = 12_000;
    /** Rounds half up to 1.001 ms; the sketch's bucket of it is about 0.5 % wide (1.0005 +- 0.005 ms). */
    static final long SMALLEST = 1_000_500;
    /** 1.999 ms; a bucket value of it would round to 2.000 or more. */
    static final long LARGEST = 1_999_472;
    static final long BASE_MICROS = 1_714_557_600_000_000L;

    /** Sample i: the smallest first, the largest late (after the switch to the sketch), the rest strictly between. */
    static long sample(int i) {
        if (i == 0) {
            return SMALLEST;
        }
        if (i == 11_000) {
            return LARGEST;
        }
        return SMALLEST + 1 + (i * 7_919L) % (LARGEST - SMALLEST - 1);
    }

    static DnsAggregate dnsPart(int from, int to) {
        DnsAggregate part = new DnsAggregate();
        for (int i = from; i < to; i++) {
            part.add(new DnsObservation(DnsMessageType.RESPONSE, "db.shop.svc.cluster.local.", 0, sample(i),
                    BASE_MICROS + i));
        }
        return part;
    }

    static LatencyDigest latencyPart(int from, int to) {
        LatencyDigest part = new LatencyDigest();
        for (int i = from; i < to; i++) {
            part.add(BASE_MICROS + i, sample(i));
        }
        return part;
    }

    @Test
    void aDnsWindowAboveTheExactLimitReportsItsExactMinAndMax() {
        // two flows partitions each send a part; stage 2 merges their bytes
        DnsAggregate merged = DnsAggregate.CODEC.decode(DnsAggregate.CODEC.encode(dnsPart(0, 7_000)))
                .merge(DnsAggregate.CODEC.decode(DnsAggregate.CODEC.encode(dnsPart(7_000, SAMPLES))));
        merged = DnsAggregate.CODEC.decode(DnsAggregate.CODEC.encode(merged));

        assertThat(merged.latency().isExact()).as("percentiles come from the sketch").isFalse();
        assertThat(merged.latency().count()).isEqualTo(SAMPLES);
        assertThat(merged.latency().minNanos()).isEqualTo(SMALLEST);
        assertThat(merged.latency().maxNanos()).isEqualTo(LARGEST);

        DnsWindow window = merged.toWindow("shop/web", WINDOW, SuspiciousNames.DEFAULTS);
        assertThat(window.getLatencyMs().getMax()).isEqualTo(1.999);
        assertThat(window.getLatencyMs().getP99()).isLessThanOrEqualTo(1.999);
        assertThat(window.getResponses()).isEqualTo(SAMPLES);
    }

    @Test
    void aLatencyWindowAboveTheExactLimitReportsItsExactMinAndMax() {
        LatencyDigest merged = LatencyDigest.CODEC.decode(LatencyDigest.CODEC.encode(latencyPart(0, 7_000)))
                .merge(LatencyDigest.CODEC.decode(LatencyDigest.CODEC.encode(latencyPart(7_000, SAMPLES))));
        merged = LatencyDigest.CODEC.decode(LatencyDigest.CODEC.encode(merged));

        LatencyWindow window = LatencyWindows.of(new LatencyKey(LatencyLevel.NODE, LatencyKind.DNS, "node-1", "node-2"),
                WINDOW, merged);
        assertThat(window.getExact()).isFalse();
        assertThat(window.getSamples()).isEqualTo(SAMPLES);
        assertThat(window.getMinMs()).isEqualTo(1.001);
        assertThat(window.getMaxMs()).isEqualTo(1.999);
        assertThat(window.getP50Ms()).isBetween(1.001, 1.999);
        assertThat(window.getP99Ms()).isBetween(1.001, 1.999);
    }

    @Test
    void oneDigestFedSampleBySampleKeepsTheSameExtremes() {
        LatencyDigest digest = latencyPart(0, SAMPLES);
        assertThat(digest.isExact()).isFalse();
        assertThat(Millis.fromNanos(digest.minNanos())).isEqualTo(1.001);
        assertThat(Millis.fromNanos(digest.maxNanos())).isEqualTo(1.999);
    }

    @Test
    void aLargestSampleOf1999972NanosIs2MillisByTheSpecsRoundingNotByTheSketch() {
        assertThat(Millis.fromNanos(1_999_972L)).isEqualTo(2.0);
        assertThat(Millis.fromNanos(1_999_499L)).isEqualTo(1.999);
        assertThat(Millis.fromNanos(1_999_500L)).as("half up").isEqualTo(2.0);

        LatencyDigest exact = new LatencyDigest().add(BASE_MICROS, 1_000_000).add(BASE_MICROS + 1, 1_999_972);
        assertThat(exact.isExact()).isTrue();
        assertThat(Millis.fromNanos(exact.maxNanos())).as("the same without any sketch").isEqualTo(2.0);
    }
}
