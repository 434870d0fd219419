package io.flowpulse.streams.logic.alert;

import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.streams.logic.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

final class AlertFixtures {

    static final Duration MINUTE = Duration.ofSeconds(60);
    static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

    private AlertFixtures() {
    }

    /** The n-th one-minute window from 10:00 (n = 0 is 10:00-10:01). */
    static TimeWindow w(int n) {
        return TimeWindow.startingAt(START.plus(MINUTE.multipliedBy(n)), MINUTE);
    }

    static LinkWindow link(TimeWindow window, String level, String src, String dst, long forwarded, long dropped) {
        long counted = forwarded + dropped;
        return LinkWindow.newBuilder().setLevel(level).setSrc(src).setDst(dst)
                .setWindowStart(window.start()).setWindowEnd(window.end())
                .setForwarded(forwarded).setDropped(dropped).setOther(0)
                .setDropRate(counted == 0 ? 0 : (double) dropped / counted)
                .setDropReasons(dropped == 0 ? Map.of() : Map.of("POLICY_DENIED", dropped)).build();
    }

    static DnsWindow dns(TimeWindow window, String client, long queries, Map<String, Long> rcodes, Double p99,
                         List<String> suspicious) {
        long responses = rcodes.values().stream().mapToLong(Long::longValue).sum();
        return DnsWindow.newBuilder().setClient(client)
                .setWindowStart(window.start()).setWindowEnd(window.end())
                .setQueries(queries).setResponses(responses).setRcodes(rcodes)
                .setLatencyMs(p99 == null ? null : new DnsLatency(1.0, p99, p99, p99))
                .setDistinctNames(1).setTopNxdomain(List.of()).setSuspiciousNames(suspicious).build();
    }

    static DnsWindow queries(TimeWindow window, String client, long queries) {
        return dns(window, client, queries, Map.of("NOERROR", queries), null, List.of());
    }

    static LatencyWindow handshake(TimeWindow window, String level, String src, String dst, long samples, double p99, double jitter) {
        return LatencyWindow.newBuilder().setLevel(level).setKind("tcp_handshake").setSrc(src).setDst(dst)
                .setWindowStart(window.start()).setWindowEnd(window.end())
                .setSamples(samples).setMinMs(1).setP50Ms(2).setP90Ms(p99).setP99Ms(p99).setMaxMs(p99)
                .setMeanMs(3).setStddevMs(1).setJitterMs(jitter).setExact(true).build();
    }

    static ClosedWindow closed(TimeWindow window, List<LinkWindow> links) {
        return new ClosedWindow(window, links, List.of(), List.of(), List.of());
    }
}
