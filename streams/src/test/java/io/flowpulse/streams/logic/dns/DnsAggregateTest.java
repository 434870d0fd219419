package io.flowpulse.streams.logic.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.streams.logic.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsAggregateTest {

    private static final long MS = 1_000_000L;
    private static final TimeWindow WINDOW = TimeWindow.startingAt(Instant.parse("2024-05-01T10:00:00Z"), Duration.ofSeconds(60));
    private static final String DGA = "x7kq9zp2mw4vb8nj3rt6.evil.example."; // 20 distinct characters: log2(20) = 4.32 bits

    private static DnsObservation request(String name) {
        return new DnsObservation(DnsMessageType.REQUEST, name, 0, 0, 1);
    }

    private static DnsObservation response(String name, int rcode, long latencyNanos, long time) {
        return new DnsObservation(DnsMessageType.RESPONSE, name, rcode, latencyNanos, time);
    }

    static DnsAggregate example() {
        return new DnsAggregate()
                .add(request("a.example.com."))
                .add(request("a.example.com."))
                .add(request("b.example.com."))
                .add(request(DGA))
                .add(response("a.example.com.", 0, 2 * MS, 10))
                .add(response("a.example.com.", 0, 4 * MS, 11))
                .add(response("b.example.com.", 3, 10 * MS, 12))
                .add(response("c.example.com.", 3, 0, 13))
                .add(response("c.example.com.", 3, 6 * MS, 14))
                .add(response("d.example.com.", 2, 100 * MS, 15))
                .add(response("e.example.com.", 9, 1 * MS, 16));
    }

    @Test
    void handWorkedWindow() {
        DnsWindow w = example().toWindow("shop/web", WINDOW, SuspiciousNames.DEFAULTS);
        assertThat(w.getClient()).isEqualTo("shop/web");
        assertThat(w.getWindowStart()).isEqualTo(WINDOW.start());
        assertThat(w.getWindowEnd()).isEqualTo(WINDOW.end());
        assertThat(w.getQueries()).isEqualTo(4);
        assertThat(w.getResponses()).isEqualTo(7);
        assertThat(w.getRcodes()).isEqualTo(Map.of("NOERROR", 2L, "NXDOMAIN", 3L, "SERVFAIL", 1L, "RCODE_9", 1L));
        // latencies > 0: 1, 2, 4, 6, 10, 100 ms; p50 rank 3 -> 4, p95 rank ceil(5.7)=6 -> 100, p99 rank 6 -> 100
        assertThat(w.getLatencyMs()).isEqualTo(new DnsLatency(4.0, 100.0, 100.0, 100.0));
        // a, b, DGA, c, d, e
        assertThat(w.getDistinctNames()).isEqualTo(6);
        assertThat(w.getTopNxdomain()).containsExactly(new NameCount("c.example.com.", 2L), new NameCount("b.example.com.", 1L));
        assertThat(w.getSuspiciousNames()).containsExactly(DGA);
    }

    @Test
    void latencyIsNullWithoutLatencies() {
        DnsWindow w = new DnsAggregate().add(request("a.")).add(response("a.", 0, 0, 1))
                .toWindow("c", WINDOW, SuspiciousNames.DEFAULTS);
        assertThat(w.getLatencyMs()).isNull();
        assertThat(w.getRcodes()).isEqualTo(Map.of("NOERROR", 1L));
        assertThat(w.getTopNxdomain()).isEmpty();
    }

    @Test
    void topNxdomainKeepsFiveMostFrequentTiesByName() {
        DnsAggregate aggregate = new DnsAggregate();
        String[] names = {"f.", "b.", "e.", "a.", "d.", "c.", "g."};
        int[] counts = {1, 3, 2, 2, 2, 5, 1};
        for (int i = 0; i < names.length; i++) {
            for (int k = 0; k < counts[i]; k++) {
                aggregate.add(response(names[i], 3, 0, k));
            }
        }
        aggregate.add(response("z.", 0, 0, 1));
        assertThat(aggregate.topNxdomain()).containsExactly(
                new NameCount("c.", 5L), new NameCount("b.", 3L), new NameCount("a.", 2L),
                new NameCount("d.", 2L), new NameCount("e.", 2L));
    }

    @Test
    void suspiciousNamesComeOnlyFromRequests() {
        String responseOnly = "q9w8e7r6t5y4u3i2o1p0.example.";
        DnsAggregate aggregate = new DnsAggregate()
                .add(response(responseOnly, 3, 0, 1))
                .add(request("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example."))   // long, entropy 0
                .add(request("k3j9x.example."))                           // short
                .add(request(DGA)).add(request(DGA));
        assertThat(aggregate.suspiciousNames(SuspiciousNames.DEFAULTS)).containsExactly(DGA);
        assertThat(aggregate.suspiciousNames(new SuspiciousNames(5, 2.0))).containsExactly("k3j9x.example.", DGA);
        // a name requested later becomes eligible
        aggregate.add(request(responseOnly));
        assertThat(aggregate.suspiciousNames(SuspiciousNames.DEFAULTS)).containsExactly(responseOnly, DGA);
    }

    @Test
    void mergeEqualsWholeAndSerializationRoundTrips() {
        DnsAggregate first = new DnsAggregate()
                .add(request("a.example.com.")).add(request("a.example.com.")).add(request("b.example.com."))
                .add(response("a.example.com.", 0, 2 * MS, 10)).add(response("b.example.com.", 3, 10 * MS, 12))
                .add(response("c.example.com.", 3, 0, 13)).add(response("d.example.com.", 2, 100 * MS, 15));
        DnsAggregate second = new DnsAggregate()
                .add(request(DGA)).add(response("a.example.com.", 0, 4 * MS, 11))
                .add(response("c.example.com.", 3, 6 * MS, 14)).add(response("e.example.com.", 9, 1 * MS, 16));
        DnsAggregate merged = first.merge(second);
        assertThat(merged).isEqualTo(example());
        assertThat(merged.toWindow("x", WINDOW, SuspiciousNames.DEFAULTS))
                .isEqualTo(example().toWindow("x", WINDOW, SuspiciousNames.DEFAULTS));
        DnsAggregate copy = DnsAggregate.CODEC.decode(DnsAggregate.CODEC.encode(merged));
        assertThat(copy.toWindow("x", WINDOW, SuspiciousNames.DEFAULTS))
                .isEqualTo(example().toWindow("x", WINDOW, SuspiciousNames.DEFAULTS));
    }

    @Test
    void entropyAndLabels() {
        assertThat(SuspiciousNames.shannonEntropy("aabb")).isEqualTo(1.0);
        assertThat(SuspiciousNames.shannonEntropy("abcd")).isEqualTo(2.0);
        assertThat(SuspiciousNames.shannonEntropy("aaaa")).isZero();
        assertThat(SuspiciousNames.shannonEntropy("")).isZero();
        // 16 distinct characters, once each: 4 bits
        assertThat(SuspiciousNames.shannonEntropy("0123456789abcdef")).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(SuspiciousNames.leftmostLabel("www.example.com.")).isEqualTo("www");
        assertThat(SuspiciousNames.leftmostLabel("localhost")).isEqualTo("localhost");
        // 19 distinct characters are too short; 20 of them (4.32 bits) are enough
        assertThat(SuspiciousNames.DEFAULTS.isSuspicious("x7kq9zp2mw4vb8nj3rt.example.")).isFalse();
        assertThat(SuspiciousNames.DEFAULTS.isSuspicious(DGA)).isTrue();
        // 20 characters of 0123456789 twice: log2(10) = 3.32 bits, below 3.8
        assertThat(SuspiciousNames.DEFAULTS.isSuspicious("01234567890123456789.example.")).isFalse();
    }

    @Test
    void rcodeNames() {
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 23).stream().map(RcodeNames::nameOf))
                .containsExactly("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "RCODE_6", "RCODE_23");
    }
}
