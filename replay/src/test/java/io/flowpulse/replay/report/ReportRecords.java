package io.flowpulse.replay.report;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.NameCount;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Window records for report tests, with the fields the tests do not care about filled in. */
final class ReportRecords {

    static final Instant T0 = Instant.parse("2021-10-04T11:22:00Z");

    private ReportRecords() {
    }

    static Instant minute(int n) {
        return T0.plusSeconds(60L * n);
    }

    static LinkWindow link(String level, String src, String dst, int minute, long forwarded, long dropped,
                           Map<String, Long> reasons) {
        double rate = forwarded + dropped == 0 ? 0 : (double) dropped / (forwarded + dropped);
        return LinkWindow.newBuilder().setLevel(level).setSrc(src).setDst(dst).setWindowStart(minute(minute))
                .setWindowEnd(minute(minute + 1)).setForwarded(forwarded).setDropped(dropped).setOther(0)
                .setDropRate(rate).setDropReasons(reasons).build();
    }

    static DnsWindow dns(String client, int minute, long queries, long responses, Map<String, Long> rcodes,
                         DnsLatency latency, List<NameCount> topNxdomain) {
        return DnsWindow.newBuilder().setClient(client).setWindowStart(minute(minute)).setWindowEnd(minute(minute + 1))
                .setQueries(queries).setResponses(responses).setRcodes(rcodes).setLatencyMs(latency)
                .setDistinctNames(topNxdomain.size()).setTopNxdomain(topNxdomain).setSuspiciousNames(List.of()).build();
    }

    static LatencyWindow latency(String level, String kind, String src, String dst, int minute, double... ms) {
        return LatencyWindow.newBuilder().setLevel(level).setKind(kind).setSrc(src).setDst(dst)
                .setWindowStart(minute(minute)).setWindowEnd(minute(minute + 1)).setSamples(ms.length)
                .setMinMs(ms[0]).setP50Ms(ms[0]).setP90Ms(ms[0]).setP99Ms(ms[0]).setMaxMs(ms[0]).setMeanMs(ms[0])
                .setStddevMs(0).setJitterMs(0).setExact(true).build();
    }

    static Alert alert(String kind, String subject, String state, int minute, double value, double threshold) {
        return Alert.newBuilder().setId(kind + ":" + subject).setKind(kind).setSeverity("WARNING").setSubject(subject)
                .setState(state).setWindowStart(minute(minute)).setWindowEnd(minute(minute + 1)).setValue(value)
                .setThreshold(threshold).setMessage(kind + " on " + subject).build();
    }

    static ReportInput input() {
        return new ReportInput(List.of("a.json", "b.json.gz"), 12, 10, 1, 2, 0,
                Instant.parse("2021-10-04T11:22:26.592280Z"), Instant.parse("2021-10-04T11:26:56.684880Z"));
    }
}
