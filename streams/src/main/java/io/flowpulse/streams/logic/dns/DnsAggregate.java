package io.flowpulse.streams.logic.dns;

import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.streams.logic.Millis;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.codec.ByteReader;
import io.flowpulse.streams.logic.codec.ByteWriter;
import io.flowpulse.streams.logic.codec.StateCodec;
import io.flowpulse.streams.logic.sketch.LatencyDigest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Mutable DNS health of one client in one window (analytics spec section 4); mergeable and
 * serializable with {@link #CODEC}. Response latency uses a {@link LatencyDigest}, so its
 * percentiles are exact up to 10,000 responses with latency per client and window.
 */
public final class DnsAggregate {

    public static final int TOP_NXDOMAIN = 5;

    public static final StateCodec<DnsAggregate> CODEC = new StateCodec<>() {
        @Override
        public byte[] encode(DnsAggregate value) {
            return value.toBytes();
        }

        @Override
        public DnsAggregate decode(byte[] bytes) {
            return fromBytes(bytes);
        }
    };

    private static final int FORMAT_VERSION = 1;

    private long queries;
    private long responses;
    private final TreeMap<String, Long> rcodes = new TreeMap<>();
    /** Every non-empty query name seen, with whether it was seen in a REQUEST. */
    private final TreeMap<String, Boolean> names = new TreeMap<>();
    private final TreeMap<String, Long> nxdomainByName = new TreeMap<>();
    private LatencyDigest latency = new LatencyDigest();

    public DnsAggregate add(DnsObservation observation) {
        String query = observation.query();
        if (observation.type() == DnsMessageType.REQUEST) {
            queries++;
            if (!query.isEmpty()) {
                names.put(query, true);
            }
            return this;
        }
        responses++;
        rcodes.merge(RcodeNames.nameOf(observation.rcode()), 1L, Long::sum);
        if (!query.isEmpty()) {
            names.putIfAbsent(query, false);
            if (observation.rcode() == RcodeNames.NXDOMAIN) {
                nxdomainByName.merge(query, 1L, Long::sum);
            }
        }
        if (observation.latencyNanos() > 0) {
            latency.add(observation.timeMicros(), observation.latencyNanos());
        }
        return this;
    }

    public DnsAggregate merge(DnsAggregate other) {
        queries += other.queries;
        responses += other.responses;
        other.rcodes.forEach((name, count) -> rcodes.merge(name, count, Long::sum));
        other.names.forEach((name, requested) -> names.merge(name, requested, Boolean::logicalOr));
        other.nxdomainByName.forEach((name, count) -> nxdomainByName.merge(name, count, Long::sum));
        latency.merge(other.latency);
        return this;
    }

    public long queries() {
        return queries;
    }

    public long responses() {
        return responses;
    }

    public Map<String, Long> rcodes() {
        return java.util.Collections.unmodifiableMap(rcodes);
    }

    public long distinctNames() {
        return names.size();
    }

    public LatencyDigest latency() {
        return latency;
    }

    /** Up to {@value #TOP_NXDOMAIN} names with NXDOMAIN answers, most first, ties by name. */
    public List<NameCount> topNxdomain() {
        return nxdomainByName.entrySet().stream()
                .sorted(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP_NXDOMAIN)
                .map(e -> new NameCount(e.getKey(), e.getValue()))
                .toList();
    }

    /** Distinct requested names that the rule finds suspicious, sorted. */
    public List<String> suspiciousNames(SuspiciousNames rule) {
        return names.entrySet().stream()
                .filter(e -> e.getValue() && rule.isSuspicious(e.getKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    public DnsWindow toWindow(String client, TimeWindow window, SuspiciousNames rule) {
        DnsLatency latencyMs = null;
        if (!latency.isEmpty()) {
            double[] p = latency.percentilesNanos(50, 95, 99);
            latencyMs = new DnsLatency(Millis.fromNanos(p[0]), Millis.fromNanos(p[1]), Millis.fromNanos(p[2]),
                    Millis.fromNanos(latency.maxNanos()));
        }
        return DnsWindow.newBuilder()
                .setClient(client)
                .setWindowStart(window.start())
                .setWindowEnd(window.end())
                .setQueries(queries)
                .setResponses(responses)
                .setRcodes(new TreeMap<>(rcodes))
                .setLatencyMs(latencyMs)
                .setDistinctNames(names.size())
                .setTopNxdomain(topNxdomain())
                .setSuspiciousNames(suspiciousNames(rule))
                .build();
    }

    public byte[] toBytes() {
        ByteWriter out = new ByteWriter(128 + names.size() * 32);
        out.writeByte(FORMAT_VERSION).writeVarLong(queries).writeVarLong(responses);
        out.writeVarLong(rcodes.size());
        rcodes.forEach((name, count) -> out.writeString(name).writeVarLong(count));
        out.writeVarLong(names.size());
        names.forEach((name, requested) -> out.writeString(name).writeBoolean(requested));
        out.writeVarLong(nxdomainByName.size());
        nxdomainByName.forEach((name, count) -> out.writeString(name).writeVarLong(count));
        byte[] digest = latency.toBytes();
        out.writeVarLong(digest.length);
        for (byte b : digest) {
            out.writeByte(b);
        }
        return out.toByteArray();
    }

    public static DnsAggregate fromBytes(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        in.expectVersion(FORMAT_VERSION, "DnsAggregate");
        DnsAggregate aggregate = new DnsAggregate();
        aggregate.queries = in.readVarLong();
        aggregate.responses = in.readVarLong();
        int rcodeCount = in.readCount();
        for (int i = 0; i < rcodeCount; i++) {
            aggregate.rcodes.put(in.readString(), in.readVarLong());
        }
        int nameCount = in.readCount();
        for (int i = 0; i < nameCount; i++) {
            aggregate.names.put(in.readString(), in.readBoolean());
        }
        int nxCount = in.readCount();
        for (int i = 0; i < nxCount; i++) {
            aggregate.nxdomainByName.put(in.readString(), in.readVarLong());
        }
        int digestLength = in.readCount();
        byte[] digest = new byte[digestLength];
        for (int i = 0; i < digestLength; i++) {
            digest[i] = (byte) in.readByte();
        }
        aggregate.latency = LatencyDigest.fromBytes(digest);
        in.expectEnd("DnsAggregate");
        return aggregate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsAggregate that && queries == that.queries && responses == that.responses
                && rcodes.equals(that.rcodes) && names.equals(that.names) && nxdomainByName.equals(that.nxdomainByName)
                && latency.count() == that.latency.count()
                && (latency.isEmpty() || latency.sumNanos() == that.latency.sumNanos());
    }

    @Override
    public int hashCode() {
        return Objects.hash(queries, responses, rcodes, names.keySet());
    }

    @Override
    public String toString() {
        return "DnsAggregate[queries=" + queries + ", responses=" + responses + ", rcodes=" + rcodes
                + ", distinctNames=" + names.size() + ", latencySamples=" + latency.count() + "]";
    }
}
